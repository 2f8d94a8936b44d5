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
        for (var i = 0; i < 50 && !Logged(); i++)
        {
            await Task.Delay(20);
        }

        Assert.True(Logged());
        Assert.DoesNotContain(app.Logs.Messages, m => m.Contains("/healthz", StringComparison.Ordinal) || m.Contains("/readyz", StringComparison.Ordinal));
    }
}
