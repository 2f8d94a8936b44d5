using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace CoursePortal.Materials;

/// <summary>
/// Reads a multipart upload in order: small text fields first, then each file handed to a callback
/// as a stream, so a file goes straight from the network to its temporary file. A body that cannot be
/// read as multipart (no or a wrong boundary, cut off before its closing boundary) throws
/// <see cref="InvalidDataException"/> or <see cref="IOException"/>. When the form was
/// read already (a plain form post, whose antiforgery token is in the body), it uses that instead.
/// </summary>
public static class MultipartUpload
{
    private const int MaxFieldLength = 16 * 1024;

    /// <summary>RFC 2046 limits a boundary to 70 characters.</summary>
    private const int MaxBoundaryLength = 70;

    /// <summary>What a person sees when the request could not be read as an upload.</summary>
    public const string Malformed = "The upload was cut off or malformed, so nothing was kept; try again.";

    /// <summary>Reads the whole body; returns its text fields.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ReadAsync(
        HttpRequest request,
        Func<IReadOnlyDictionary<string, string>, string, Stream, Task> onFile,
        CancellationToken cancellationToken)
    {
        if (request.HttpContext.Features.Get<IFormFeature>()?.Form is { } form)
        {
            var values = form.ToDictionary(f => f.Key, f => f.Value.ToString());
            foreach (var file in form.Files)
            {
                await using var stream = file.OpenReadStream();
                await onFile(values, file.FileName, stream);
            }

            return values;
        }

        var boundary = MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            ? HeaderUtilities.RemoveQuotes(type.Boundary).Value
            : null;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > MaxBoundaryLength)
        {
            throw new InvalidDataException("The upload has no usable multipart boundary.");
        }

        var reader = new MultipartReader(boundary, request.Body);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
            {
                continue;
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            if (disposition.IsFileDisposition())
            {
                var fileName = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                await onFile(fields, fileName ?? "", section.Body);
            }
            else if (disposition.IsFormDisposition())
            {
                using var text = new StreamReader(section.Body);
                var buffer = new char[MaxFieldLength];
                var length = await text.ReadBlockAsync(buffer, cancellationToken);
                fields[name] = new string(buffer, 0, length);
            }
        }

        return fields;
    }

    public static bool IsMultipart(HttpRequest request) =>
        request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true;
}
