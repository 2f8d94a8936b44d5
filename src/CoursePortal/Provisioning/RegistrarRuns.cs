using System.Globalization;
using System.Text.Json;
using CoursePortal.Accounts;
using CoursePortal.Audit;
using CoursePortal.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Provisioning;

/// <summary>
/// Runs queued registrar imports in the background, on whichever instance claims a run first: the claim is one
/// <c>UPDATE … WHERE State = Queued</c>, so two instances never run one twice. Each course is applied in its own
/// transaction; progress is saved as it goes, so any instance's run page shows it.
/// </summary>
public sealed class RegistrarRuns(IServiceProvider services, RegistrarWakeup wakeup, TimeProvider clock, ILogger<RegistrarRuns> logger) : BackgroundService
{
    /// <summary>How often an instance looks for runs queued on another instance.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);

    /// <summary>Progress is saved at least this many rows apart (and at the end).</summary>
    private const int ProgressEvery = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await ClaimAsync(stoppingToken) is { } id)
                {
                    await RunAsync(id, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is System.Data.Common.DbException or DbUpdateException or InvalidOperationException)
            {
                logger.LogWarning(e, "Looking for registrar imports to run failed; trying again shortly");
            }

            await wakeup.WaitAsync(Poll, stoppingToken);
        }
    }

    private async Task<int?> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        return await ClaimAsync(scope.ServiceProvider.GetRequiredService<PortalDbContext>(), clock, cancellationToken);
    }

    /// <summary>Takes the oldest queued run for this caller, or none: of callers racing for one run, exactly one gets it.</summary>
    internal static async Task<int?> ClaimAsync(PortalDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        foreach (var id in await db.ProvisioningRuns.Where(r => r.State == ProvisioningState.Queued).OrderBy(r => r.Id).Select(r => r.Id).Take(5).ToListAsync(cancellationToken))
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var claimed = await db.ProvisioningRuns.Where(r => r.Id == id && r.State == ProvisioningState.Queued)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, ProvisioningState.Running).SetProperty(r => r.StartedAt, now), cancellationToken);
            if (claimed == 1)
            {
                return id;
            }
        }

        return null;
    }

    private async Task RunAsync(int id, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var db = provider.GetRequiredService<PortalDbContext>();
        var run = await db.ProvisioningRuns.AsNoTracking().SingleAsync(r => r.Id == id, cancellationToken);
        // Every save of this scope is audited under the admin who asked for the run.
        provider.GetRequiredService<CurrentActor>().ActFor(run.RequestedById, run.RequestedByName);
        var import = provider.GetRequiredService<RegistrarImport>();
        var read = RegistrarFile.Read(new MemoryStream(run.Content));
        if (read.FileProblem is { } problem)
        {
            await FinishAsync(provider, run, [], [], problem, cancellationToken);
            return;
        }

        var groups = RegistrarImport.Group(read);
        var total = read.Lines.Count;
        await db.ProvisioningRuns.Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.TotalRows, total), cancellationToken);
        var outcomes = new List<RegistrarRowOutcome>();
        var invitations = new List<RegistrarInvitation>();
        var saved = 0;
        foreach (var group in groups)
        {
            try
            {
                outcomes.AddRange(await import.ApplyAsync(group, invitations, cancellationToken));
            }
            catch (Exception e) when (e is DbUpdateException or StoredRuleException or System.Data.Common.DbException)
            {
                // The course's transaction rolled back: none of its rows is stored.
                db.ChangeTracker.Clear();
                logger.LogWarning(e, "A course of registrar import {Run} was not applied", run.Key);
                var why = e is StoredRuleException rule ? rule.Message : "the database refused the change (another edit at the same time?); import the file again.";
                outcomes.AddRange(group.Lines.Select(l => new RegistrarRowOutcome(l.Line, $"{group.Code} {group.Term}", l.Row?.Section ?? "", RegistrarRowKind.Error, [$"Not applied: {why}"])));
            }

            if (outcomes.Count - saved >= ProgressEvery)
            {
                saved = outcomes.Count;
                await SaveProgressAsync(db, id, outcomes, cancellationToken);
            }
        }

        await FinishAsync(provider, run, outcomes, invitations, null, cancellationToken);
    }

    private static Task<int> SaveProgressAsync(PortalDbContext db, int id, List<RegistrarRowOutcome> outcomes, CancellationToken cancellationToken)
    {
        var (done, created, updated, unchanged, failed) = Counts(outcomes);
        return db.ProvisioningRuns.Where(r => r.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.DoneRows, done).SetProperty(r => r.Created, created).SetProperty(r => r.Updated, updated)
            .SetProperty(r => r.Unchanged, unchanged).SetProperty(r => r.Failed, failed), cancellationToken);
    }

    private static (int Done, int Created, int Updated, int Unchanged, int Failed) Counts(List<RegistrarRowOutcome> outcomes) =>
        (outcomes.Count, outcomes.Count(o => o.Kind == RegistrarRowKind.Create), outcomes.Count(o => o.Kind == RegistrarRowKind.Update),
            outcomes.Count(o => o.Kind == RegistrarRowKind.Unchanged), outcomes.Count(o => o.Kind == RegistrarRowKind.Error));

    private async Task FinishAsync(IServiceProvider provider, ProvisioningRun snapshot, List<RegistrarRowOutcome> outcomes, List<RegistrarInvitation> invitations,
        string? problem, CancellationToken cancellationToken)
    {
        var db = provider.GetRequiredService<PortalDbContext>();
        db.ChangeTracker.Clear();
        var run = await db.ProvisioningRuns.SingleAsync(r => r.Id == snapshot.Id, cancellationToken);
        var (done, created, updated, unchanged, failed) = Counts(outcomes);
        run.State = problem is null ? ProvisioningState.Done : ProvisioningState.Failed;
        run.Problem = problem;
        run.FinishedAt = clock.GetUtcNow().UtcDateTime;
        (run.DoneRows, run.Created, run.Updated, run.Unchanged, run.Failed) = (done, created, updated, unchanged, failed);
        run.TotalRows = Math.Max(run.TotalRows, done);
        run.ResultJson = RegistrarResult.Serialize(new RegistrarResult(outcomes.OrderBy(o => o.Line).ToList(),
            invitations.Count == 0 ? null : provider.GetRequiredService<IDataProtectionProvider>().CreateProtector(RegistrarResult.InvitationPurpose)
                .Protect(JsonSerializer.Serialize(invitations))));
        provider.GetRequiredService<AuditLog>().Record("ProvisioningRun", run.Key.ToString(), "Import", problem is null
            ? string.Create(CultureInfo.InvariantCulture, $"Registrar file '{run.FileName}': {done} rows, {created} created, {updated} updated, {unchanged} unchanged, {failed} errors; {invitations.Count} invitations")
            : $"Registrar file '{run.FileName}' refused: {problem}");
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>Wakes this instance's <see cref="RegistrarRuns"/> when a run is queued here, instead of waiting for its next look.</summary>
public sealed class RegistrarWakeup : IDisposable
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Wake()
    {
        if (signal.CurrentCount == 0)
        {
            try
            {
                signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Woken already.
            }
        }
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => await signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => signal.Dispose();
}

/// <summary>A finished run's outcome of every row, and its invitation links, encrypted with the portal's data-protection keys.</summary>
public sealed record RegistrarResult(IReadOnlyList<RegistrarRowOutcome> Rows, string? ProtectedInvitations)
{
    public const string InvitationPurpose = "CoursePortal.Provisioning.Invitations";

    public static string Serialize(RegistrarResult result) => JsonSerializer.Serialize(result);

    public static RegistrarResult Parse(string? json) =>
        json is null ? new RegistrarResult([], null) : JsonSerializer.Deserialize<RegistrarResult>(json) ?? new RegistrarResult([], null);
}
