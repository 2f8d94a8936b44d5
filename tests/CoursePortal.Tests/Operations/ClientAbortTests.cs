using System.Data.Common;
using CoursePortal.Data;
using CoursePortal.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoursePortal.Tests.Operations;

/// <summary>A client that leaves mid-request is logged as what it is (499, Information), not as a 500 with a stack trace.</summary>
public sealed class ClientAbortTests(PortalApplication portal) : IClassFixture<PortalApplication>
{
    [Fact]
    public async Task A_client_that_leaves_while_its_page_is_read_is_logged_as_499_not_as_an_error()
    {
        var hold = new HoldingInterceptor();
        using var app = portal.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            PortalApplication.ConfigureDatabase(services, o => o.AddInterceptors(hold))));
        var client = app.CreateClient();
        using var leave = new CancellationTokenSource();

        hold.Arm();
        var request = client.GetAsync("/search?q=diffusion", leave.Token);
        await hold.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        await leave.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);

        bool Logged() => portal.Logs.Messages.Any(m => m.Contains("/search", StringComparison.Ordinal) && m.Contains("responded", StringComparison.Ordinal));
        Assert.True(await Eventually.TrueAsync(Logged), "the request was never logged");
        var line = portal.Logs.Entries.First(e => e.Message.Contains("/search", StringComparison.Ordinal) && e.Message.Contains("responded", StringComparison.Ordinal));
        Assert.True(line.Level == LogLevel.Information && line.Message.Contains("responded 499", StringComparison.Ordinal), $"{line.Level}: {line.Message}");
        Assert.DoesNotContain(portal.Logs.Entries, e => e.Level >= LogLevel.Error);
    }

    /// <summary>Holds the next database command, once armed, until the request that runs it is cancelled.</summary>
    private sealed class HoldingInterceptor : DbCommandInterceptor
    {
        private readonly TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int armed;

        public Task Reached => reached.Task;

        public void Arm() => Volatile.Write(ref armed, 1);

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref armed, 0) == 1)
            {
                reached.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return result;
        }
    }
}
