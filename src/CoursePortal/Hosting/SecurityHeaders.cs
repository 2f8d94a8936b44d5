using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace CoursePortal.Hosting;

/// <summary>
/// Headers every response carries, and the rate limits on sign-in and uploads. Scripts come only from
/// the site's own files (no inline script, no eval), and no page may be framed.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>A PDF is shown by the browser's own viewer, which a document policy would block; it still may not be framed.</summary>
    public const string FilePolicy = "frame-ancestors 'none'";

    public const string SignInPolicy = "sign-in";
    public const string UploadPolicy = "upload";

    private static FixedWindowRateLimiterOptions PerMinute(int permits) =>
        new() { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 };

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            var isFile = context.Response.ContentType?.StartsWith("application/pdf", StringComparison.OrdinalIgnoreCase) == true;
            headers.ContentSecurityPolicy = isFile ? FilePolicy : ContentSecurityPolicy;
            return Task.CompletedTask;
        });
        return next(context);
    });

    /// <summary>
    /// Sign-in attempts per minute per client address (on top of the per-account lockout), and uploads
    /// per minute per signed-in user, from <c>Portal:RateLimits</c>. Refused requests get 429 with Retry-After.
    /// Only POSTs count: reading the forms is free.
    /// </summary>
    public static IServiceCollection AddPortalRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimiterOptions>().Configure<Microsoft.Extensions.Options.IOptions<PortalOptions>>((o, portal) =>
        {
            var limits = portal.Value.RateLimits;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)retry.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                return ValueTask.CompletedTask;
            };
            o.AddPolicy(SignInPolicy, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => PerMinute(limits.SignInPerMinute))
                : RateLimitPartition.GetNoLimiter("read"));
            o.AddPolicy(UploadPolicy, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(context.User.Identity?.Name ?? context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => PerMinute(limits.UploadsPerMinute))
                : RateLimitPartition.GetNoLimiter("read"));
        });
        services.AddRateLimiter(_ => { });
        return services;
    }
}
