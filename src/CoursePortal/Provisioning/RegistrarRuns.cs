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
/// conditional <c>UPDATE</c>, so two instances never run one at once. A claim is a lease that the running instance keeps
/// renewing; when its instance crashes or is killed the lease lapses and any instance takes the run again (applying a
/// file twice is safe: rows applied already are unchanged), and an instance that is stopped hands its run back at once.
/// Each course is applied in its own transaction; progress is saved as it goes, so any instance's run page shows it.
/// </summary>
public sealed class RegistrarRuns(IServiceProvider services, RegistrarWakeup wakeup, TimeProvider clock, ILogger<RegistrarRuns> logger) : BackgroundService
{
    /// <summary>How often an instance looks for runs queued on another instance, or left by one that stopped.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);

    /// <summary>How long a claim holds unless renewed; the running instance renews it at least every quarter of it.</summary>
    internal static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    /// <summary>A run taken this many times without finishing fails instead of being taken again: something in it stops its instance.</summary>
    internal const int MaxAttempts = 3;

    /// <summary>A run left running by a version without leases counts as left this long after it started.</summary>
    private static readonly TimeSpan UnleasedGrace = TimeSpan.FromMinutes(10);

    /// <summary>Progress is saved at least this many rows apart (and at the end).</summary>
    private const int ProgressEvery = 50;

    /// <summary>A run this instance holds: its id and the claim that is its.</summary>
    internal sealed record Claimed(int Id, Guid Claim);

    /// <summary>The run was taken over by another instance (this one's lease lapsed): it stops without saving anything more.</summary>
    private sealed class LostClaimException() : Exception("The run's lease lapsed and another instance took it.");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await ClaimAsync(stoppingToken) is { } claimed)
                {
                    await RunAsync(claimed, stoppingToken);
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

    private async Task<Claimed?> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        return await ClaimAsync(scope.ServiceProvider.GetRequiredService<PortalDbContext>(), clock, cancellationToken);
    }

    /// <summary>
    /// Takes the oldest run that is queued, or running under a lapsed lease, for this caller, or none: of callers racing for
    /// one run, exactly one gets it, as each asks for the claim it saw and the first to take it changes that.
    /// </summary>
    internal static async Task<Claimed?> ClaimAsync(PortalDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var unleasedBefore = now - UnleasedGrace;
        var candidates = await db.ProvisioningRuns
            .Where(r => r.State == ProvisioningState.Queued
                || (r.State == ProvisioningState.Running && (r.LeaseUntil < now || (r.LeaseUntil == null && r.StartedAt < unleasedBefore))))
            .OrderBy(r => r.Id).Select(r => new { r.Id, r.State, r.Claim }).Take(5).ToListAsync(cancellationToken);
        foreach (var seen in candidates)
        {
            var claim = Guid.NewGuid();
            var until = now + Lease;
            var claimed = await db.ProvisioningRuns.Where(r => r.Id == seen.Id && r.State == seen.State && r.Claim == seen.Claim)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, ProvisioningState.Running).SetProperty(r => r.StartedAt, now)
                    .SetProperty(r => r.Claim, claim).SetProperty(r => r.LeaseUntil, until).SetProperty(r => r.Attempts, r => r.Attempts + 1), cancellationToken);
            if (claimed == 1)
            {
                return new Claimed(seen.Id, claim);
            }
        }

        return null;
    }

    /// <summary>Gives a run back to the queue, as an instance that is being stopped does, so the next instance takes it at once; not counted as an attempt.</summary>
    internal static Task<int> ReleaseAsync(PortalDbContext db, Claimed claimed, CancellationToken cancellationToken) =>
        db.ProvisioningRuns.Where(r => r.Id == claimed.Id && r.Claim == claimed.Claim && r.State == ProvisioningState.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, ProvisioningState.Queued).SetProperty(r => r.Claim, (Guid?)null)
                .SetProperty(r => r.LeaseUntil, (DateTime?)null).SetProperty(r => r.Attempts, r => r.Attempts - 1), cancellationToken);

    private async Task RunAsync(Claimed claimed, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var db = provider.GetRequiredService<PortalDbContext>();
        try
        {
            await RunAsync(provider, db, claimed, cancellationToken);
        }
        catch (LostClaimException)
        {
            TakenOver();
        }
        catch (Exception e) when (e is not (OperationCanceledException or System.Data.Common.DbException or DbUpdateException))
        {
            // A fault of the run itself, not of the instance or the database: taking it again would meet it again.
            logger.LogError(e, "Registrar import {Run} stopped on an error", claimed.Id);
            db.ChangeTracker.Clear();
            try
            {
                await FinishAsync(provider, claimed, null, [], string.Create(CultureInfo.InvariantCulture,
                    $"it stopped on an error, which the instance's log has under run {claimed.Id}. Courses it applied before are kept; import the file again to apply the rest."), cancellationToken);
            }
            catch (LostClaimException)
            {
                TakenOver();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Being stopped (a deploy, say): hand the run back rather than leave it until its lease lapses.
            db.ChangeTracker.Clear();
            using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await ReleaseAsync(db, claimed, giveUp.Token);
            logger.LogInformation("Registrar import {Run} handed back to the queue as this instance stops", claimed.Id);
            throw;
        }

        void TakenOver() =>
            logger.LogWarning("Registrar import {Run} was taken over by another instance after this one's lease lapsed; this one stops", claimed.Id);
    }

    private async Task RunAsync(IServiceProvider provider, PortalDbContext db, Claimed claimed, CancellationToken cancellationToken)
    {
        var id = claimed.Id;
        var run = await db.ProvisioningRuns.AsNoTracking().SingleAsync(r => r.Id == id, cancellationToken);
        // Every save of this scope is audited under the admin who asked for the run.
        provider.GetRequiredService<CurrentActor>().ActFor(run.RequestedById, run.RequestedByName);
        if (run.Attempts > MaxAttempts)
        {
            await FinishAsync(provider, claimed, null, [], string.Create(CultureInfo.InvariantCulture,
                $"it was started {MaxAttempts} times and stopped each time before it finished (its instance stopped or lost the database). Courses it applied are kept; look at the log of the instances, then import the file again to apply the rest."), cancellationToken);
            return;
        }

        var import = provider.GetRequiredService<RegistrarImport>();
        var read = RegistrarFile.Read(new MemoryStream(run.Content));
        if (read.FileProblem is { } problem)
        {
            await FinishAsync(provider, claimed, [], [], problem, cancellationToken);
            return;
        }

        var groups = RegistrarImport.Group(read);
        var total = read.Lines.Count;
        await db.ProvisioningRuns.Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.TotalRows, total), cancellationToken);
        var outcomes = new List<RegistrarRowOutcome>();
        var invitations = new List<RegistrarInvitation>();
        var saved = 0;
        var sinceRenewal = System.Diagnostics.Stopwatch.StartNew();
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

            if (outcomes.Count - saved >= ProgressEvery || sinceRenewal.Elapsed >= Lease / 4)
            {
                saved = outcomes.Count;
                await SaveProgressAsync(db, claimed, outcomes, cancellationToken);
                sinceRenewal.Restart();
            }
        }

        await FinishAsync(provider, claimed, outcomes, invitations, null, cancellationToken);
    }

    /// <summary>Saves the progress and renews the lease, under this instance's claim only.</summary>
    private async Task SaveProgressAsync(PortalDbContext db, Claimed claimed, List<RegistrarRowOutcome> outcomes, CancellationToken cancellationToken)
    {
        var (done, created, updated, unchanged, failed) = Counts(outcomes);
        var until = clock.GetUtcNow().UtcDateTime + Lease;
        var kept = await db.ProvisioningRuns.Where(r => r.Id == claimed.Id && r.Claim == claimed.Claim).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.DoneRows, done).SetProperty(r => r.Created, created).SetProperty(r => r.Updated, updated)
            .SetProperty(r => r.Unchanged, unchanged).SetProperty(r => r.Failed, failed).SetProperty(r => r.LeaseUntil, until), cancellationToken);
        if (kept == 0)
        {
            throw new LostClaimException();
        }
    }

    private static (int Done, int Created, int Updated, int Unchanged, int Failed) Counts(List<RegistrarRowOutcome> outcomes) =>
        (outcomes.Count, outcomes.Count(o => o.Kind == RegistrarRowKind.Create), outcomes.Count(o => o.Kind == RegistrarRowKind.Update),
            outcomes.Count(o => o.Kind == RegistrarRowKind.Unchanged), outcomes.Count(o => o.Kind == RegistrarRowKind.Error));

    /// <summary>Ends the run with every row's outcome, or, when <paramref name="outcomes"/> is null (it stopped part-way), with the progress saved so far.</summary>
    private async Task FinishAsync(IServiceProvider provider, Claimed claimed, List<RegistrarRowOutcome>? outcomes, List<RegistrarInvitation> invitations,
        string? problem, CancellationToken cancellationToken)
    {
        var db = provider.GetRequiredService<PortalDbContext>();
        db.ChangeTracker.Clear();
        var run = await db.ProvisioningRuns.SingleAsync(r => r.Id == claimed.Id, cancellationToken);
        if (run.Claim != claimed.Claim)
        {
            throw new LostClaimException();
        }

        var (done, created, updated, unchanged, failed) = outcomes is null ? (run.DoneRows, run.Created, run.Updated, run.Unchanged, run.Failed) : Counts(outcomes);
        run.State = problem is null ? ProvisioningState.Done : ProvisioningState.Failed;
        run.Problem = problem;
        run.FinishedAt = clock.GetUtcNow().UtcDateTime;
        (run.Claim, run.LeaseUntil) = (null, null);
        // The file (e-mail addresses of a whole term) is not kept once run: the result lists every row's outcome.
        run.Content = [];
        (run.DoneRows, run.Created, run.Updated, run.Unchanged, run.Failed) = (done, created, updated, unchanged, failed);
        run.TotalRows = Math.Max(run.TotalRows, done);
        run.ResultJson = RegistrarResult.Serialize(new RegistrarResult((outcomes ?? []).OrderBy(o => o.Line).ToList(),
            invitations.Count == 0 ? null : provider.GetRequiredService<IDataProtectionProvider>().CreateProtector(RegistrarResult.InvitationPurpose)
                .Protect(JsonSerializer.Serialize(invitations))));
        provider.GetRequiredService<AuditLog>().Record("ProvisioningRun", run.Key.ToString(), "Import", problem is null
            ? string.Create(CultureInfo.InvariantCulture, $"Registrar file '{run.FileName}': {done} rows, {created} created, {updated} updated, {unchanged} unchanged, {failed} errors; {invitations.Count} invitations")
            : $"Registrar file '{run.FileName}' refused: {problem}");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Taken over between the read above and this save.
            throw new LostClaimException();
        }
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
