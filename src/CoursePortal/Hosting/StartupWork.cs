using CoursePortal.Accounts;
using CoursePortal.Data;
using CoursePortal.Materials;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CoursePortal.Hosting;

/// <summary>
/// The work before the portal can serve (the database brought to the current schema, the demo course,
/// the first admin) runs beside the web server's own start instead of before it, so the two use both
/// cores. Requests wait for it (only <c>/healthz</c> and <c>/readyz</c> answer at once), and a failure
/// stops the portal with its message as before. The sweep of files nothing refers to runs after it.
/// </summary>
public sealed class StartupWork(ILogger<StartupWork> logger) : IHealthCheck
{
    /// <summary>Completes when the portal can serve requests; faults with what stopped it.</summary>
    public Task Ready { get; private set; } = new TaskCompletionSource().Task;

    /// <summary>Completes when the file sweep after <see cref="Ready"/> is done too.</summary>
    public Task Finished { get; private set; } = new TaskCompletionSource().Task;

    public void Begin(WebApplication app)
    {
        Ready = Task.Run(async () =>
        {
            await app.Services.InitializeDatabaseAsync(app.Lifetime.ApplicationStopping);
            await app.EnsureFirstAdminAsync();
        });
        Finished = Ready.ContinueWith(_ => SweepAsync(app.Services, app.Lifetime.ApplicationStopping),
            CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default).Unwrap();
    }

    /// <summary>
    /// Starts the server, waits for the start-up work (a failure is rethrown for Program to report), says
    /// where to open the portal, and serves until stopped. Returns the exit code.
    /// </summary>
    public async Task<int> ServeAsync(WebApplication app)
    {
        try
        {
            await app.StartAsync();
        }
        catch
        {
            // Not listening (a port in use, say): let the start-up work finish before the app is disposed.
            await Ready.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        try
        {
            await Ready.WaitAsync(app.Lifetime.ApplicationStopping);
        }
        catch (OperationCanceledException) when (app.Lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // Stopped (Ctrl+C, docker stop) before the start-up work was done: a normal end. Unfinished
            // schema changes are rolled back by the database, and the work runs again at the next start.
            await app.StopAsync();
            return 0;
        }
        catch
        {
            await app.StopAsync();
            throw;
        }

        app.LogAddresses();
        await app.WaitForShutdownAsync();
        return 0;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Ready.IsCompletedSuccessfully ? HealthCheckResult.Healthy("done")
            : Ready.IsFaulted ? HealthCheckResult.Unhealthy("failed; the log says why")
            : HealthCheckResult.Unhealthy("starting"));

    private async Task SweepAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<StoredFileCleanup>().SweepUnusedAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OperationCanceledException or Microsoft.Data.Sqlite.SqliteException)
        {
            // Nothing is lost: the files stay until the next start's sweep.
            logger.LogWarning(e, "The start-up sweep of unused stored files did not finish");
        }
    }
}

/// <summary>Holds requests until the start-up work is done.</summary>
public static class StartupGate
{
    public static IApplicationBuilder UseStartupGate(this IApplicationBuilder app)
    {
        var work = app.ApplicationServices.GetRequiredService<StartupWork>();
        return app.Use(async (context, next) =>
        {
            if (!work.Ready.IsCompletedSuccessfully && !IsProbe(context.Request.Path))
            {
                await work.Ready.WaitAsync(context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (!work.Ready.IsCompletedSuccessfully)
                {
                    // The start failed (the portal is stopping) or the client left.
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    return;
                }
            }

            await next(context);
        });
    }

    private static bool IsProbe(PathString path) => path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");
}
