using CoursePortal.Data;
using CoursePortal.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CoursePortal.Health;

/// <summary>
/// <c>/healthz</c>: the process answers. <c>/readyz</c>: the database answers, the data directory takes writes
/// and, when it is set, Redis answers; each check by name, so the one that fails is named.
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
