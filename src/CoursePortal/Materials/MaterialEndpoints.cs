using System.Net.Mime;
using CoursePortal.Accounts;
using CoursePortal.Courses;
using CoursePortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace CoursePortal.Materials;

/// <summary>
/// The stable public URL of a material file: <c>/{slug}/materials/{id}/{name}</c>. The id finds the
/// material; the name is for people and downloads. A draft or not-yet-released file answers 404 to
/// the public and opens for the course's staff, as a preview.
/// </summary>
public static class MaterialEndpoints
{
    public static IEndpointRouteBuilder MapMaterialDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/{slug:slug}/materials/{id:int:min(1)}/{name}", DownloadAsync);
        return app;
    }

    private static async Task<IResult> DownloadAsync(
        string slug, int id, PortalDbContext db, IFileStore files, CourseAccess access, TimeProvider clock, HttpContext context, CancellationToken cancellationToken)
    {
        var key = slug.ToLowerInvariant();
        // The public copy in one query; only when the public may not see it, whether this user may (a staff preview).
        var candidates = db.Materials.AsNoTracking().Where(m => m.Id == id && m.Kind == MaterialKind.File && m.Course!.Slug == key && m.FileHash != null);
        var material = await candidates.Where(m => m.Course!.IsPublished).Where(MaterialVisibility.PublicAt(clock.GetUtcNow().UtcDateTime))
            .Select(m => new { m.CourseId, m.FileHash, m.FileName, m.ContentType, m.UpdatedAt })
            .SingleOrDefaultAsync(cancellationToken);
        var isPublic = material is not null;
        if (material is null)
        {
            material = await candidates.Select(m => new { m.CourseId, m.FileHash, m.FileName, m.ContentType, m.UpdatedAt }).SingleOrDefaultAsync(cancellationToken);
            if (material is null || !await access.CanEditAsync(context.User, material.CourseId, cancellationToken))
            {
                return Results.NotFound();
            }
        }

        var disposition = new ContentDispositionHeaderValue(DispositionTypeNames.Inline);
        disposition.SetHttpFileName(material.FileName ?? "file.pdf");
        context.Response.Headers.XContentTypeOptions = "nosniff";
        // Public copies revalidate on every use (a 304 costs nothing), so a withdrawn or replaced file is
        // never served stale; a staff preview is never cached at all.
        context.Response.Headers.CacheControl = isPublic ? "public, no-cache" : "private, no-store";

        return await FileDownloads.ServeAsync(files, context, material.FileHash!, material.ContentType ?? MediaTypeNames.Application.Pdf, disposition,
                lastModified: new DateTimeOffset(material.UpdatedAt, TimeSpan.Zero),
                entityTag: new EntityTagHeaderValue($"\"{material.FileHash}\""),
                cancellationToken)
            ?? Results.NotFound();
    }
}
