using System.Net;
using System.Text.Json;
using CoursePortal.Data;
using CoursePortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

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

public sealed class StartupWorkTests
{
    /// <summary>How long a request known to be at the server must stay unanswered to count as held.</summary>
    private static readonly TimeSpan HoldWindow = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task A_stop_during_the_start_up_work_ends_the_portal_cleanly()
    {
        var directory = Directory.CreateTempSubdirectory("portal-stop-").FullName;
        var port = PortalProcess.FreePort();
        try
        {
            await using var holder = await HoldDatabaseAsync(directory);
            await using var portal = PortalProcess.Start(new Dictionary<string, string>
            {
                ["Portal__DataDirectory"] = directory,
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            });
            await portal.WaitUntilAnsweringAsync($"http://127.0.0.1:{port}/healthz");

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

    [Fact]
    public async Task Pages_wait_for_the_start_up_work_while_probes_answer_at_once()
    {
        var directory = Directory.CreateTempSubdirectory("portal-startup-").FullName;
        try
        {
            await using var holder = await HoldDatabaseAsync(directory);

            var arrivals = new RequestArrivals();
            using var app = PortalApplication.OnDirectory(directory);
            app.WaitForStartupWork = false;
            using var watched = app.WithWebHostBuilder(b => b.ConfigureTestServices(services => services.AddSingleton<IStartupFilter>(arrivals)));
            var client = watched.CreateClient();
            using (var health = await client.GetAsync("/healthz"))
            using (var ready = await client.GetAsync("/readyz"))
            {
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
                using var json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
                Assert.Equal("starting", json.RootElement.GetProperty("checks").GetProperty("start-up").GetProperty("description").GetString());
            }

            // The sign-in form reads nothing from the database, and still waits: once the server has the
            // request and the start-up work is still not done, it is held, not answered.
            var page = client.GetAsync("/Account/Login");
            await arrivals.ArrivedAsync("/Account/Login");
            using (var ready = await client.GetAsync("/readyz"))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            }

            Assert.True(await Eventually.NeverAsync(() => page.IsCompleted, HoldWindow), "a page was answered before the start-up work was done");

            await using (var rollback = holder.CreateCommand())
            {
                rollback.CommandText = "ROLLBACK;";
                await rollback.ExecuteNonQueryAsync();
            }

            using var response = await page.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var front = await client.GetAsync("/");
            Assert.Contains("Theory of Deep Learning", await front.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            using var readyNow = await client.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.OK, readyNow.StatusCode);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Public_pages_are_served_while_the_first_admin_is_made_and_sign_in_waits_for_it()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrivals = new RequestArrivals();
        using var app = new PortalApplication { WaitForStartupWork = false };
        try
        {
            using var held = app.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            {
                services.AddScoped<IRoleStore<IdentityRole>>(sp =>
                    new HeldRoleStore(ActivatorUtilities.CreateInstance<RoleStore<IdentityRole, PortalDbContext>>(sp), release.Task));
                services.AddSingleton<IStartupFilter>(arrivals);
            }));
            var client = held.CreateClient();

            using (var front = await client.GetAsync("/").WaitAsync(TimeSpan.FromSeconds(60)))
            {
                Assert.Equal(HttpStatusCode.OK, front.StatusCode);
                Assert.Contains("Theory of Deep Learning", await front.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            foreach (var path in new[] { "/deep-learning-fall-2025", "/api/courses", "/deep-learning-fall-2025/calendar.ics" })
            {
                using var page = await client.GetAsync(path).WaitAsync(TimeSpan.FromSeconds(60));
                Assert.True(page.StatusCode == HttpStatusCode.OK, $"{path}: {page.StatusCode}");
            }

            // Both requests are at the server while the first admin is still held: they wait, not answer.
            var signIn = client.GetAsync("/Account/Login");
            var staff = client.GetAsync("/Staff");
            await arrivals.ArrivedAsync("/Account/Login");
            await arrivals.ArrivedAsync("/Staff");
            Assert.True(await Eventually.NeverAsync(() => signIn.IsCompleted || staff.IsCompleted, HoldWindow),
                $"answered before the first admin was made: sign-in {signIn.IsCompleted}, staff page {staff.IsCompleted}");
            using (var ready = await client.GetAsync("/readyz"))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            }

            release.SetResult();
            using (var page = await signIn.WaitAsync(TimeSpan.FromSeconds(30)))
            {
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                Assert.Contains("Sign in", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            (await staff.WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
            using var readyNow = await client.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.OK, readyNow.StatusCode);
        }
        finally
        {
            release.TrySetResult();
        }
    }

    /// <summary>The real role store, except that the first admin's first question waits for the test.</summary>
    private sealed class HeldRoleStore(IRoleStore<IdentityRole> inner, Task release) : IRoleStore<IdentityRole>
    {
        public async Task<IdentityRole?> FindByNameAsync(string normalizedRoleName, CancellationToken cancellationToken)
        {
            await release;
            return await inner.FindByNameAsync(normalizedRoleName, cancellationToken);
        }

        public Task<IdentityResult> CreateAsync(IdentityRole role, CancellationToken cancellationToken) => inner.CreateAsync(role, cancellationToken);
        public Task<IdentityResult> UpdateAsync(IdentityRole role, CancellationToken cancellationToken) => inner.UpdateAsync(role, cancellationToken);
        public Task<IdentityResult> DeleteAsync(IdentityRole role, CancellationToken cancellationToken) => inner.DeleteAsync(role, cancellationToken);
        public Task<string> GetRoleIdAsync(IdentityRole role, CancellationToken cancellationToken) => inner.GetRoleIdAsync(role, cancellationToken);
        public Task<string?> GetRoleNameAsync(IdentityRole role, CancellationToken cancellationToken) => inner.GetRoleNameAsync(role, cancellationToken);
        public Task SetRoleNameAsync(IdentityRole role, string? roleName, CancellationToken cancellationToken) => inner.SetRoleNameAsync(role, roleName, cancellationToken);
        public Task<string?> GetNormalizedRoleNameAsync(IdentityRole role, CancellationToken cancellationToken) => inner.GetNormalizedRoleNameAsync(role, cancellationToken);
        public Task SetNormalizedRoleNameAsync(IdentityRole role, string? normalizedName, CancellationToken cancellationToken) => inner.SetNormalizedRoleNameAsync(role, normalizedName, cancellationToken);
        public Task<IdentityRole?> FindByIdAsync(string roleId, CancellationToken cancellationToken) => inner.FindByIdAsync(roleId, cancellationToken);
        public void Dispose() => inner.Dispose();
    }
}
