using CoursePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Materials;

/// <summary>Removes a stored file once no material and no earlier version refers to it.</summary>
public sealed class StoredFileCleanup(PortalDbContext db, IFileStore files)
{
    public async Task DeleteUnusedAsync(IEnumerable<string?> hashes, CancellationToken cancellationToken)
    {
        foreach (var hash in hashes.OfType<string>().Distinct())
        {
            var used = await db.Materials.AnyAsync(m => m.FileHash == hash, cancellationToken)
                || await db.MaterialVersions.AnyAsync(v => v.FileHash == hash, cancellationToken);
            if (!used)
            {
                files.Delete(hash);
            }
        }
    }
}
