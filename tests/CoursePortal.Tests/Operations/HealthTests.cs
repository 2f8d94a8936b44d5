using System.Net;
using System.Text.Json;
using CoursePortal.Tests.Infrastructure;

namespace CoursePortal.Tests.Operations;

public sealed class HealthTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    [Fact]
    public async Task Healthz_answers_and_readyz_reports_database_and_data_directory()
    {
        using var health = await app.CreateClient().GetAsync("/healthz");
        using var ready = await app.CreateClient().GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("data-directory").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readyz_fails_when_the_data_directory_cannot_take_files()
    {
        _ = app.Services;
        var temp = Path.Combine(app.DataDirectory, "tmp");
        if (Directory.Exists(temp))
        {
            Directory.Delete(temp, recursive: true);
        }

        // A file where the folder should be: writes there fail even for root.
        await File.WriteAllTextAsync(temp, "in the way");
        try
        {
            using var ready = await app.CreateClient().GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("cannot be written", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            using var health = await app.CreateClient().GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    [Fact]
    public async Task Health_probes_stay_out_of_the_request_log()
    {
        using (await app.CreateClient().GetAsync("/healthz"))
        using (await app.CreateClient().GetAsync("/readyz"))
        using (await app.CreateClient().GetAsync("/api/courses"))
        {
        }

        // The request log line is written as the request completes, which may be just after the client has the response.
        bool Logged() => app.Logs.Messages.Any(m => m.Contains("/api/courses", StringComparison.Ordinal) && m.Contains("responded 200", StringComparison.Ordinal));
        Assert.True(await Eventually.TrueAsync(Logged), "the request to /api/courses was never logged");
        Assert.DoesNotContain(app.Logs.Messages, m => m.Contains("/healthz", StringComparison.Ordinal) || m.Contains("/readyz", StringComparison.Ordinal));
    }
}

// SQLite only: these hold the database file locked from outside to keep the start-up work waiting.
#if !SCALED
public sealed class StartupWorkTests
{
    [Fact]
    public async Task A_stop_during_the_start_up_work_ends_the_portal_cleanly()
    {
        var directory = Directory.CreateTempSubdirectory("portal-stop-").FullName;
        try
        {
            await using var holder = await HoldDatabaseAsync(directory);
            await using var portal = PortalProcess.Start(new Dictionary<string, string>
            {
                ["Portal__DataDirectory"] = directory,
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{PortalProcess.FreePort()}",
            });
            await portal.WaitForOutputAsync("Preparing the database", TimeSpan.FromSeconds(60));

            var exit = await portal.StopAsync(TimeSpan.FromSeconds(20));

            Assert.True(exit == 0, $"exit {exit}\n{portal.Errors}");
            Assert.DoesNotContain("Unhandled", portal.Errors, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Nothing_is_served_until_the_database_is_ready_and_a_normal_start_logs_no_errors()
    {
        var directory = Directory.CreateTempSubdirectory("portal-startup-").FullName;
        var url = $"http://127.0.0.1:{PortalProcess.FreePort()}";
        try
        {
            await using var holder = await HoldDatabaseAsync(directory);
            await using var portal = PortalProcess.Start(new Dictionary<string, string>
            {
                ["Portal__DataDirectory"] = directory,
                ["ASPNETCORE_URLS"] = url,
            });
            await portal.WaitForOutputAsync("Preparing the database", TimeSpan.FromSeconds(60));
            using (var http = new HttpClient())
            {
                await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri($"{url}/healthz")));
            }

            await using (var rollback = holder.CreateCommand())
            {
                rollback.CommandText = "ROLLBACK;";
                await rollback.ExecuteNonQueryAsync();
            }

            await holder.CloseAsync();
            await portal.WaitUntilAnsweringAsync($"{url}/readyz");
            using (var client = new HttpClient())
            {
                Assert.Contains("Theory of Deep Learning", await client.GetStringAsync(new Uri($"{url}/")), StringComparison.Ordinal);
            }

            Assert.Equal(0, await portal.StopAsync(TimeSpan.FromSeconds(20)));
            Assert.Contains("Course Portal is ready", portal.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(" ERR]", portal.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(" FTL]", portal.Output, StringComparison.Ordinal);
            Assert.True(portal.Errors.Length == 0, portal.Errors);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Another process's lock on the database file: the start-up work waits until it is released.</summary>
    private static async Task<Microsoft.Data.Sqlite.SqliteConnection> HoldDatabaseAsync(string directory)
    {
        var holder = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(directory, "portal.db")};Pooling=false");
        await holder.OpenAsync();
        await using var begin = holder.CreateCommand();
        begin.CommandText = "BEGIN EXCLUSIVE; CREATE TABLE held (x);";
        await begin.ExecuteNonQueryAsync();
        return holder;
    }
}
#endif
