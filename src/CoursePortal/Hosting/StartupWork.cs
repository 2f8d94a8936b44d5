using System.Runtime.InteropServices;
using CoursePortal.Accounts;
using CoursePortal.Data;
using Medallion.Threading.Postgres;
using Microsoft.Extensions.Options;

namespace CoursePortal.Hosting;

/// <summary>
/// The work before the portal listens: the database brought to the current schema, the demo course,
/// the first admin. Nothing is served until it is done, so no page is ever read from a half-migrated
/// database, and a failure stops the start with its message. A stop (Ctrl+C, <c>docker stop</c>) while
/// it runs ends the process normally; unfinished schema changes are rolled back by the database.
/// </summary>
public static class StartupWork
{
    /// <summary>How long a stop during the work lets the step under way finish before the process exits.</summary>
    private static readonly TimeSpan StepGrace = TimeSpan.FromSeconds(10);

    /// <summary>Runs the work; false when the portal was asked to stop before it was done.</summary>
    public static async Task<bool> PrepareAsync(this WebApplication app)
    {
        using var stop = new CancellationTokenSource();
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSignal(PosixSignalContext signal)
        {
            signal.Cancel = true;
            stopped.TrySetResult();
            stop.Cancel();
        }

        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);

        app.Logger.LogInformation("Preparing the database");
        var work = RunAsync(app, stop.Token);
        await Task.WhenAny(work, stopped.Task);
        if (!stop.IsCancellationRequested)
        {
            await work;
            return true;
        }

        // A blocked database call may not see the cancellation; it gets a moment, then the process ends.
        await work.WaitAsync(StepGrace).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return false;
    }

    private static async Task RunAsync(WebApplication app, CancellationToken cancellationToken)
    {
        // Several instances may start at once on one PostgreSQL database: the work runs under a lock held in
        // the database, so the others wait and then find nothing left to do (no second demo course or admin).
        // SQLite serves one instance on one box; it needs no lock.
        await using var held = await AcquireLockAsync(app.Services, cancellationToken);
        await app.Services.InitializeDatabaseAsync(cancellationToken);
        await app.EnsureFirstAdminAsync(cancellationToken);
    }

    /// <summary>
    /// A session-level PostgreSQL advisory lock, on a connection of its own, released when disposed (or when the
    /// process dies); null on SQLite. Also held by <c>move-up</c> while it fills a new database.
    /// </summary>
    internal static async Task<IAsyncDisposable?> AcquireLockAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var database = services.GetRequiredService<IOptions<PortalOptions>>().Value.Database;
        if (!database.IsPostgreSql)
        {
            return null;
        }

        var startup = new PostgresDistributedLock(new PostgresAdvisoryLockKey("course-portal:startup", allowHashing: true), database.ConnectionString);
        return await startup.AcquireAsync(cancellationToken: cancellationToken);
    }
}
