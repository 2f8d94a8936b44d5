using CoursePortal.Backups;
using CoursePortal.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Pages.Admin;

/// <summary>Downloads a consistent backup of the whole portal while it runs.</summary>
public sealed class BackupModel(BackupArchive archive, PortalPaths paths, TimeProvider clock) : PageModel
{
    public string DataDirectory => paths.DataDirectory;

    /// <summary>False on the scaled setup (PostgreSQL or S3), which is backed up with the engines' own tools.</summary>
    public bool IsAvailable => archive.IsAvailable;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!archive.IsAvailable)
        {
            return Page();
        }

        Directory.CreateDirectory(paths.TempDirectory);
        var path = Path.Combine(paths.TempDirectory, $"download-{Guid.NewGuid():n}.zip");
        await archive.CreateAsync(path, cancellationToken);
        // The temporary archive goes away as soon as the download stream is closed.
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Delete, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        Response.Headers.CacheControl = "no-store";
        return File(stream, "application/zip", $"course-portal-{clock.GetUtcNow():yyyyMMdd-HHmmss}.zip");
    }
}
