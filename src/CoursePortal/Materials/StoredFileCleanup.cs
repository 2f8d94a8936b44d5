using CoursePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Materials;

/// <summary>Removes stored files once no material and no earlier version refers to them.</summary>
public sealed class StoredFileCleanup(PortalDbContext db, IFileStore files, ILogger<StoredFileCleanup> logger)
{
    /// <summary>
    /// A file stored this recently is left alone: an upload of the same bytes may have committed it and
    /// not yet saved the row that refers to it. The sweep after the next start collects it if it stays unused.
    /// </summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(10);

    public async Task DeleteUnusedAsync(IEnumerable<string?> hashes, CancellationToken cancellationToken)
    {
        foreach (var hash in hashes.OfType<string>().Distinct())
        {
            if (!await IsUsedAsync(hash, cancellationToken))
            {
                try
                {
                    await files.DeleteIfOlderThanAsync(hash, Grace, cancellationToken);
                }
                catch (Exception e) when (IsStoreFailure(e))
                {
                    // The rows are gone already; the next start's sweep finds the file unused and takes it.
                    logger.LogWarning(e, "An unused stored file could not be deleted now");
                }
            }
        }
    }

    /// <summary>After start: deletes the stored files nothing refers to.</summary>
    public async Task SweepUnusedAsync(CancellationToken cancellationToken)
    {
        var used = (await db.Materials.Where(m => m.FileHash != null).Select(m => m.FileHash!).ToListAsync(cancellationToken))
            .Concat(await db.MaterialVersions.Select(v => v.FileHash).ToListAsync(cancellationToken))
            .ToHashSet();
        var unused = new List<string>();
        await foreach (var hash in files.ListHashesAsync(cancellationToken))
        {
            if (!used.Contains(hash))
            {
                unused.Add(hash);
            }
        }

        foreach (var hash in unused)
        {
            await files.DeleteIfOlderThanAsync(hash, Grace, cancellationToken);
        }
    }

    /// <summary>The store could not be reached or refused: the file system's or a bucket's errors.</summary>
    public static bool IsStoreFailure(Exception e) =>
        e is IOException or UnauthorizedAccessException or HttpRequestException or Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException;

    private async Task<bool> IsUsedAsync(string hash, CancellationToken cancellationToken) =>
        await db.Materials.AnyAsync(m => m.FileHash == hash, cancellationToken)
        || await db.MaterialVersions.AnyAsync(v => v.FileHash == hash, cancellationToken);
}
