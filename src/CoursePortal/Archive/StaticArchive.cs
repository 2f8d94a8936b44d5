using System.IO.Compression;
using System.Text;
using CoursePortal.Calendar;
using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Materials;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Archive;

/// <summary>
/// A finished term as a zip of static files: index.html (the course page's own markup, with relative
/// links), site.css, calendar.ics and every public PDF under materials/. Nothing in it needs the portal.
/// </summary>
public sealed class StaticArchive(PortalDbContext db, CourseQueries queries, IFileStore files, ViewRenderer views, IWebHostEnvironment environment)
{
    /// <summary>Writes the archive of a course to <paramref name="output"/>; false when the course does not exist.</summary>
    public async Task<bool> WriteAsync(int courseId, HttpContext context, Stream output, CancellationToken cancellationToken)
    {
        var slug = await db.Courses.Where(c => c.Id == courseId).Select(c => c.Slug).SingleOrDefaultAsync(cancellationToken);
        // The archive shows what the public sees, published or not yet.
        var page = slug is null ? null : await queries.GetPublicPageAsync(slug, cancellationToken, includeUnpublished: true);
        if (page is null)
        {
            return false;
        }

        var siteRoot = Api.CourseApi.SiteRoot(context.Request);
        var view = new CourseView(page, CourseLinks.Archive(page, siteRoot));
        var html = await views.RenderAsync(context, "/Pages/Shared/_ArchivePage.cshtml", view);
        var calendar = CourseCalendar.Write(page, siteRoot);

        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        await AddTextAsync(zip, "index.html", html, cancellationToken);
        await AddTextAsync(zip, "calendar.ics", calendar, cancellationToken);
        var css = environment.WebRootFileProvider.GetFileInfo("css/site.css");
        await using (var source = css.CreateReadStream())
        await using (var entry = await zip.CreateEntry("site.css").OpenAsync(cancellationToken))
        {
            await source.CopyToAsync(entry, cancellationToken);
        }

        var pdfs = CourseLinks.ArchivedMaterials(page).ToList();
        var hashes = await db.Materials.Where(m => m.CourseId == courseId && m.FileHash != null).ToDictionaryAsync(m => m.Id, m => m.FileHash!, cancellationToken);
        foreach (var pdf in pdfs)
        {
            if (hashes.TryGetValue(pdf.Id, out var hash) && await files.OpenReadAsync(hash, 0, null, cancellationToken) is { } found)
            {
                await using var source = found;
                await using var entry = await zip.CreateEntry(Uri.UnescapeDataString(CourseLinks.ArchivePath(pdf)), CompressionLevel.NoCompression).OpenAsync(cancellationToken);
                await source.CopyToAsync(entry, cancellationToken);
            }
        }

        return true;
    }

    private static async Task AddTextAsync(ZipArchive zip, string name, string text, CancellationToken cancellationToken)
    {
        await using var entry = await zip.CreateEntry(name).OpenAsync(cancellationToken);
        await entry.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
    }
}
