using System.Text.RegularExpressions;
using CoursePortal.Courses;
using CoursePortal.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace CoursePortal.Materials;

/// <summary>
/// Raises the request-size limit for the upload page alone, and answers 413 to a request whose
/// declared length is over it before a byte of the body is read.
/// </summary>
public static partial class UploadLimits
{
    /// <summary>Room for the multipart framing and the form's small fields around the file.</summary>
    public const long Overhead = 1024 * 1024;

    [GeneratedRegex("^/Staff/Courses/[0-9]+/Materials/Upload/?$", RegexOptions.IgnoreCase)]
    private static partial Regex UploadPath();

    public static IApplicationBuilder UseUploadLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (HttpMethods.IsPost(context.Request.Method) && UploadPath().IsMatch(context.Request.Path.Value ?? ""))
        {
            var max = context.RequestServices.GetRequiredService<IOptions<PortalOptions>>().Value.Uploads.MaxBytes;
            var limit = max + Overhead;
            if (context.Request.ContentLength > limit)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                context.Response.Headers.Connection = "close";
                if (WantsJson(context.Request))
                {
                    await context.Response.WriteAsJsonAsync(new { error = $"The upload is larger than the {Formats.FileSize(max)} limit." });
                }

                return;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }
        }

        await next(context);
    });

    public static bool WantsJson(HttpRequest request) =>
        request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true);
}
