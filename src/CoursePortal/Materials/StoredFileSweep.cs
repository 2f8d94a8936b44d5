namespace CoursePortal.Materials;

/// <summary>
/// Once the portal serves, deletes the stored files that nothing refers to (left by a crash between
/// storing a file and saving its row). Every instance may run it: a file is deleted only when no row
/// of the shared database refers to it and it is older than <see cref="StoredFileCleanup.Grace"/>.
/// </summary>
public sealed class StoredFileSweep(IServiceProvider services, ILogger<StoredFileSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<StoredFileCleanup>().SweepUnusedAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (StoredFileCleanup.IsStoreFailure(e) || e is System.Data.Common.DbException)
        {
            // Nothing is lost: the files stay until the next start's sweep.
            logger.LogWarning(e, "The sweep of unused stored files did not finish");
        }
    }
}
