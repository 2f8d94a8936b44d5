using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using RedisRateLimiting;
using RedisRateLimiting.AspNetCore;

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
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<PortalOptions>, IServiceProvider>((o, portal, services) =>
        {
            var limits = portal.Value.RateLimits;
            // With several instances the counts live in Redis, so an address gets its limit once, not once per instance.
            var redis = services.GetService<PortalRedis>();
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = SayRetryAfter;
            o.AddPolicy(SignInPolicy, context => HttpMethods.IsPost(context.Request.Method)
                ? PerMinute(redis, SignInPolicy, context.Connection.RemoteIpAddress?.ToString() ?? "unknown", limits.SignInPerMinute)
                : RateLimitPartition.GetNoLimiter("read"));
            o.AddPolicy(UploadPolicy, context => HttpMethods.IsPost(context.Request.Method)
                ? PerMinute(redis, UploadPolicy, context.User.Identity?.Name ?? context.Connection.RemoteIpAddress?.ToString() ?? "unknown", limits.UploadsPerMinute)
                : RateLimitPartition.GetNoLimiter("read"));
        });
        services.AddRateLimiter(_ => { });
        return services;
    }

    /// <summary>
    /// The single sign-on providers' callbacks (<c>/sso/…</c>) count as sign-in attempts too, per client address. The
    /// OpenID Connect handlers answer them during authentication, before any endpoint, so this limiter runs before
    /// authentication, on those paths only.
    /// </summary>
    public static IApplicationBuilder UseProviderCallbackLimits(this IApplicationBuilder app)
    {
        var limits = app.ApplicationServices.GetRequiredService<IOptions<PortalOptions>>().Value.RateLimits;
        var redis = app.ApplicationServices.GetService<PortalRedis>();
        var options = new RateLimiterOptions
        {
            RejectionStatusCode = StatusCodes.Status429TooManyRequests,
            OnRejected = SayRetryAfter,
            GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                PerMinute(redis, "sso-callback", context.Connection.RemoteIpAddress?.ToString() ?? "unknown", limits.SignInPerMinute)),
        };
        return app.UseWhen(context => Accounts.SsoSetup.IsProviderPath(context.Request.Path), branch => branch.UseRateLimiter(options));
    }

    /// <summary>Tells a refused client when to try again: the framework's limiter says a TimeSpan, the Redis one whole seconds under its own name.</summary>
    private static ValueTask SayRetryAfter(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? (int)Math.Ceiling(retry.TotalSeconds)
            : context.Lease.TryGetMetadata(RateLimitMetadataName.RetryAfter, out var redisSeconds) ? redisSeconds
            : (int?)null;
        if (seconds is { } wait)
        {
            context.HttpContext.Response.Headers.RetryAfter = Math.Max(wait, 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return ValueTask.CompletedTask;
    }

    private static RateLimitPartition<string> PerMinute(PortalRedis? redis, string policy, string client, int permits) => redis is null
        ? RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
        : RedisRateLimitPartition.GetFixedWindowRateLimiter($"{redis.Prefix}rate:{policy}:{client}", _ => new RedisFixedWindowRateLimiterOptions
        {
            ConnectionMultiplexerFactory = () => redis.Connection,
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
        });
}
