using System.Net;
using CoursePortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CoursePortal.Tests.Accounts;

public sealed class SessionTests
{
    [Fact]
    public async Task A_sign_in_survives_a_restart_because_the_keys_live_in_the_data_directory()
    {
        string cookie;
        var dataDirectory = Directory.CreateTempSubdirectory("portal-restart-").FullName;
        using (var before = PortalApplication.OnDirectory(dataDirectory))
        {
            await before.CreateUserAsync("restart@example.edu");
            var client = before.Browser();
            using var signedIn = await client.SubmitFormAsync("/Account/Login", new Dictionary<string, string?>
            {
                ["Input.Email"] = "restart@example.edu",
                ["Input.Password"] = PortalApplication.DefaultPassword,
            });
            cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("portal.auth=", StringComparison.Ordinal)).Split(';')[0];
        }

        try
        {
#if !SCALED
            // Scaled apps keep the key ring in Redis (Instances/SeveralInstancesTests shows it there).
            Assert.True(Directory.EnumerateFiles(Path.Combine(dataDirectory, "keys"), "key-*.xml").Any());
#endif
            using var after = PortalApplication.OnDirectory(dataDirectory);
            var client = after.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            using var request = new HttpRequestMessage(HttpMethod.Get, "/Staff");
            request.Headers.Add("Cookie", cookie);

            using var response = await client.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Over_https_the_sign_in_cookie_is_secure()
    {
        using var app = new PortalApplication();
        await app.CreateUserAsync("secure@example.edu");
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });

        using var response = await client.SubmitFormAsync("/Account/Login", new Dictionary<string, string?>
        {
            ["Input.Email"] = "secure@example.edu",
            ["Input.Password"] = PortalApplication.DefaultPassword,
        });

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("portal.auth=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
    }
}
