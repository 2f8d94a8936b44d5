using CoursePortal.Data;
using CoursePortal.Hosting;
using CoursePortal.Materials;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CoursePortal.Health;

/// <summary>
/// <c>/healthz</c>: the process answers. <c>/readyz</c>: the database answers, the data directory takes writes,
/// with S3 storage the bucket answers, and, when it is set, Redis answers; each check by name, so the one that fails is named.
/// Neither answers before the start-up work is done, because the portal listens only after it.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>The tag of the checks <c>/readyz</c> runs (Hosting/PortalRedis.cs adds "redis" when it is set).</summary>
    public const string Ready = "ready";

    public static IServiceCollection AddPortalHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddDbContextCheck<PortalDbContext>("database", tags: [Ready])
            .AddCheck<DataDirectoryCheck>("data-directory", tags: [Ready]);
        // The bucket only when files are kept in one; uploads still arrive in the data directory's tmp.
        services.AddOptions<HealthCheckServiceOptions>().Configure<IOptions<PortalOptions>>((health, portal) =>
        {
            if (portal.Value.Storage.IsS3())
            {
                health.Registrations.Add(new HealthCheckRegistration(
                    "storage", sp => new StorageCheck(sp.GetRequiredService<S3FileStore>()), HealthStatus.Unhealthy, [Ready], TimeSpan.FromSeconds(10)));
            }
        });
        return services;
    }

    public static IEndpointRouteBuilder MapPortalHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(Ready),
            ResponseWriter = async (context, report) =>
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsJsonAsync(new
                {
                    status = report.Status.ToString(),
                    checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), e.Value.Description }),
                });
            },
        });
        return app;
    }

    /// <summary>The bucket answers a listing of one key.</summary>
    private sealed class StorageCheck(S3FileStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await store.CheckAsync(cancellationToken);
                return HealthCheckResult.Healthy("the bucket answers");
            }
            catch (Exception e) when (e is Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException or HttpRequestException or IOException or OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy($"The object store does not answer: {e.Message}");
            }
        }
    }

    /// <summary>Writes and deletes a small file where uploads arrive.</summary>
    private sealed class DataDirectoryCheck(PortalPaths paths) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                Directory.CreateDirectory(paths.TempDirectory);
                var probe = Path.Combine(paths.TempDirectory, $".ready-{Guid.NewGuid():n}");
                await File.WriteAllTextAsync(probe, "ok", cancellationToken);
                File.Delete(probe);
                return HealthCheckResult.Healthy("writable");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return HealthCheckResult.Unhealthy($"{paths.DataDirectory} cannot be written: {e.Message}");
            }
        }
    }
}
