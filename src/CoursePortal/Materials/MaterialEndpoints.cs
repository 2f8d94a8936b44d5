using System.Net.Mime;
using CoursePortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace CoursePortal.Materials;

/// <summary>The stable public URL of a material file: <c>/{slug}/materials/{id}/{name}</c>.</summary>
public static class MaterialEndpoints
{
    public static IEndpointRouteBuilder MapMaterialDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/{slug:regex(^[a-z0-9][a-z0-9-]{{0,63}}$)}/materials/{id:int:min(1)}/{name}", DownloadAsync);
        return app;
    }

    private static async Task<IResult> DownloadAsync(
        string slug, int id, PortalDbContext db, IFileStore files, TimeProvider clock, HttpContext context, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var key = slug.ToLowerInvariant();
        var material = await db.Materials.AsNoTracking()
            .Where(m => m.Id == id && m.Kind == MaterialKind.File && m.Course!.Slug == key && m.Course.IsPublished)
            .Select(m => new { m.FileHash, m.FileName, m.ContentType, m.IsDraft, m.VisibleFrom, m.UpdatedAt })
            .SingleOrDefaultAsync(cancellationToken);
        if (material?.FileHash is null || material.IsDraft || material.VisibleFrom > now || !files.Exists(material.FileHash))
        {
            return Results.NotFound();
        }

        var disposition = new ContentDispositionHeaderValue(DispositionTypeNames.Inline);
        disposition.SetHttpFileName(material.FileName ?? "file.pdf");
        context.Response.Headers.ContentDisposition = disposition.ToString();
        context.Response.Headers.XContentTypeOptions = "nosniff";
        // Every request revalidates, so a file withdrawn or replaced is never served stale; a 304 costs nothing.
        context.Response.Headers.CacheControl = "public, no-cache";

        return Results.File(
            files.GetPath(material.FileHash),
            material.ContentType ?? MediaTypeNames.Application.Pdf,
            lastModified: new DateTimeOffset(material.UpdatedAt, TimeSpan.Zero),
            entityTag: new EntityTagHeaderValue($"\"{material.FileHash}\""),
            enableRangeProcessing: true);
    }
}
