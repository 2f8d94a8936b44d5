using CoursePortal.Accounts;
using CoursePortal.Data;
using CoursePortal.Materials;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CoursePortal.Hosting;

/// <summary>
/// The work before the portal can serve (the database brought to the current schema, the demo course,
/// the first admin) runs beside the web server's own start instead of before it, so the two use both
/// cores. Requests wait for it (only <c>/healthz</c> and <c>/readyz</c> answer at once): public pages for
/// the database and the demo course, sign-in and the staff and admin pages for the first admin too. A
/// failure stops the portal with its message as before. The sweep of files nothing refers to runs after it.
/// </summary>
public sealed class StartupWork(ILogger<StartupWork> logger) : IHealthCheck
{
    /// <summary>Completes when public pages can be served: the schema is current and the demo course loaded.</summary>
    public Task PublicReady { get; private set; } = new TaskCompletionSource().Task;

    /// <summary>Completes when all of the work is done, the first admin included; faults with what stopped it.</summary>
    public Task Ready { get; private set; } = new TaskCompletionSource().Task;

    /// <summary>Completes when the file sweep after <see cref="Ready"/> is done too.</summary>
    public Task Finished { get; private set; } = new TaskCompletionSource().Task;

    public void Begin(WebApplication app)
    {
        PublicReady = Task.Run(() => app.Services.InitializeDatabaseAsync(app.Lifetime.ApplicationStopping));
        // Identity's first use costs as much as the demo course check; the public front page need not wait for it.
        Ready = Task.Run(async () =>
        {
            await PublicReady;
            // This continuation may run before those of the requests waiting for public pages, on the thread
            // that completed PublicReady; yielding moves the first admin to another thread so they go on now.
            await Task.Yield();
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
            // The step under way is let finish (briefly) before the app's services are disposed.
            await app.StopAsync();
            await Ready.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
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

/// <summary>Holds requests until the start-up work they need is done.</summary>
public static class StartupGate
{
    public static IApplicationBuilder UseStartupGate(this IApplicationBuilder app)
    {
        var work = app.ApplicationServices.GetRequiredService<StartupWork>();
        return app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            var needed = NeedsAccounts(path) ? work.Ready : work.PublicReady;
            if (!needed.IsCompletedSuccessfully && !IsProbe(path))
            {
                await needed.WaitAsync(context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (!needed.IsCompletedSuccessfully)
                {
                    // The start failed (the portal is stopping) or the client left.
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    return;
                }
            }

            await next(context);
        });
    }

    /// <summary>Sign-in, the account pages and everything behind them use the accounts the first admin is among.</summary>
    private static bool NeedsAccounts(PathString path) =>
        path.StartsWithSegments("/Account") || path.StartsWithSegments("/Staff") || path.StartsWithSegments("/Admin");

    private static bool IsProbe(PathString path) => path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");
}
