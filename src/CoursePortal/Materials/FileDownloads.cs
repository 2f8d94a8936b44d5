using Microsoft.Net.Http.Headers;

namespace CoursePortal.Materials;

/// <summary>
/// Answers a request for a stored file, from either store: a redirect to a short-lived signed address
/// when the store offers one, otherwise the bytes as a stream, with ETag/If-None-Match, Last-Modified
/// and byte ranges (206, 416) handled by ASP.NET itself. Callers check who may see the file first.
/// </summary>
public static class FileDownloads
{
    /// <returns>The response, or null when the store does not have the file.</returns>
    public static async Task<IResult?> ServeAsync(
        IFileStore files, HttpContext context, string hash, string contentType, ContentDispositionHeaderValue disposition,
        DateTimeOffset? lastModified, EntityTagHeaderValue? entityTag, CancellationToken cancellationToken)
    {
        if (await files.GetInfoAsync(hash, cancellationToken) is not { } info)
        {
            return null;
        }

        if (await files.DirectDownloadUrlAsync(hash, contentType, disposition.ToString(), cancellationToken) is { } direct)
        {
            // The address expires within minutes: never keep the redirect.
            context.Response.Headers.CacheControl = "private, no-store";
            return Results.Redirect(direct.AbsoluteUri);
        }

        context.Response.Headers.ContentDisposition = disposition.ToString();
        // ASP.NET sets Content-Range before it reads the body, so a bucket is asked for that range alone.
        var stream = files.OpenSeekable(hash, info, () => RangeEnd(context.Response));
        return Results.Stream(stream, contentType, lastModified: lastModified, entityTag: entityTag, enableRangeProcessing: true);
    }

    private static long? RangeEnd(HttpResponse response) =>
        ContentRangeHeaderValue.TryParse(response.Headers.ContentRange.ToString(), out var range) && range.HasRange ? range.To : null;
}
