using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace CoursePortal.Hosting;

/// <summary>Rate limits on sign-in and uploads, from <c>Portal:RateLimits</c>.</summary>
public static class RateLimits
{
    public const string SignInPolicy = "sign-in";
    public const string UploadPolicy = "upload";

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

    private static FixedWindowRateLimiterOptions PerMinute(int permits) =>
        new() { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 };
}
