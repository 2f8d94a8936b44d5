using CoursePortal.Archive;
using CoursePortal.Data;
using CoursePortal.Editing;
using CoursePortal.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace CoursePortal.Pages.Staff.Courses;

/// <summary>Downloads the static archive of the course, and its full export.</summary>
public sealed class ArchiveModel(PortalDbContext db, StaticArchive archive, CourseExport export, PortalPaths paths) : CoursePageModel(db)
{
    public async Task<IActionResult> OnGetAsync(int courseId, CancellationToken cancellationToken) =>
        await LoadCourseAsync(courseId, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostStaticAsync(int courseId, CancellationToken cancellationToken)
    {
        if (!await LoadCourseAsync(courseId, cancellationToken))
        {
            return NotFound();
        }

        var buffer = TempFile();
        await archive.WriteAsync(courseId, HttpContext, buffer, cancellationToken);
        return Zip(buffer, $"{Course.Slug}-site.zip");
    }

    public async Task<IActionResult> OnPostExportAsync(int courseId, CancellationToken cancellationToken)
    {
        if (!await LoadCourseAsync(courseId, cancellationToken))
        {
            return NotFound();
        }

        var buffer = TempFile();
        await export.WriteAsync(courseId, buffer, cancellationToken);
        return Zip(buffer, $"{Course.Slug}-export.zip");
    }

    /// <summary>A temporary file that deletes itself when the download stream closes.</summary>
    private FileStream TempFile() =>
        new(Path.Combine(Directory.CreateDirectory(paths.TempDirectory).FullName, $"download-{Guid.NewGuid():n}.zip"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);

    private FileStreamResult Zip(FileStream buffer, string name)
    {
        buffer.Position = 0;
        Response.Headers.CacheControl = "no-store";
        return File(buffer, "application/zip", name);
    }
}
