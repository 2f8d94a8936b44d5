namespace CoursePortal.Materials;

public static class FileStoreExtensions
{
    /// <summary>Stages and commits in one go, for content the portal made itself (the demo PDFs).</summary>
    public static async Task<StoredFile> SaveAsync(this IFileStore store, Stream content, CancellationToken cancellationToken)
    {
        using var staged = await store.StageAsync(content, long.MaxValue, cancellationToken);
        return await store.CommitAsync(staged, cancellationToken);
    }
}
