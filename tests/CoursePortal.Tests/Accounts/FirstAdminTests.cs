using System.Net;
using System.Text.RegularExpressions;
using CoursePortal.Tests.Infrastructure;

namespace CoursePortal.Tests.Accounts;

public sealed partial class FirstAdminTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    [GeneratedRegex(@"http://\S+/(Account/Setup\?token=[A-Za-z0-9_-]+)")]
    private static partial Regex SetupLink();

    [Fact]
    public async Task Without_configured_admin_start_up_logs_a_one_time_setup_link_that_creates_the_admin()
    {
        _ = app.Services; // start the app
        var logged = app.Logs.Messages.Select(m => SetupLink().Match(m)).Single(m => m.Success);
        var path = "/" + logged.Groups[1].Value;
        var client = app.Browser();

        using var created = await client.SubmitFormAsync(path, new Dictionary<string, string?>
        {
            ["Input.Email"] = "first.admin@example.edu",
            ["Input.Name"] = "First Admin",
            ["Input.NewPassword"] = "first admin password",
            ["Input.ConfirmPassword"] = "first admin password",
        });

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        using (var admin = await client.GetAsync("/Admin"))
        {
            Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        }

        var again = await app.GetDocumentAsync(app.Browser(), path);
        Assert.Contains("not valid", again.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Null(again.QuerySelector("main form"));
    }
}

/// <summary>The portal with <c>Portal:Admin:Email</c> and <c>Portal:Admin:Password</c> set, as in Docker.</summary>
public sealed class ConfiguredAdminApplication : PortalApplication
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Portal:Admin:Email", "ops@example.edu"),
        new("Portal:Admin:Password", "configured admin password"),
    ];
}

public sealed class ConfiguredAdminTests(ConfiguredAdminApplication app) : IClassFixture<ConfiguredAdminApplication>
{
    [Fact]
    public async Task Configured_admin_exists_at_start_and_no_setup_link_or_password_is_logged()
    {
        var client = await app.SignInAsync("ops@example.edu", "configured admin password");

        using var admin = await client.GetAsync("/Admin");
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.DoesNotContain(app.Logs.Messages, m => m.Contains("Account/Setup", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Messages, m => m.Contains("configured admin password", StringComparison.Ordinal));
    }
}
