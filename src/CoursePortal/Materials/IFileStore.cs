namespace CoursePortal.Materials;

/// <summary>
/// Content-addressed file storage: a file is kept once under the SHA-256 of its bytes. All file
/// access goes through this service so that another backing store can replace the local one.
/// </summary>
public interface IFileStore
{
    /// <summary>Streams <paramref name="content"/> to a temporary file, then moves it into place atomically.</summary>
    Task<StoredFile> SaveAsync(Stream content, CancellationToken cancellationToken);

    /// <summary>The file's path on this machine, for streaming it with the server's file APIs.</summary>
    string GetPath(string hash);

    bool Exists(string hash);

    void Delete(string hash);
}

/// <summary>What the store knows of a saved file.</summary>
public sealed record StoredFile(string Hash, long Size);
