using System.Net;
using System.Text.Json;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Tests.Operations;

/// <summary>The portal behind a proxy at /courses, trusting the 10.0.0.0/8 network; the test sets each request's peer address.</summary>
public sealed class ProxiedApplication : PortalApplication
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Portal:PathBase", "/courses"),
        new("Portal:ForwardedHeaders:KnownNetworks:0", "10.0.0.0/8"),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // The test server has no socket: take the peer address from a test header (default: loopback).
        builder.ConfigureServices(s => s.AddTransient<IStartupFilter, PeerAddressFilter>());
    }

    private sealed class PeerAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(context.Request.Headers["X-Test-Peer"].FirstOrDefault() ?? "127.0.0.1");
                return following(context);
            });
            next(app);
        };
    }
}

public sealed class ProxyTests(ProxiedApplication app) : IClassFixture<ProxiedApplication>
{
    [Fact]
    public async Task Under_a_path_base_pages_and_their_links_carry_it()
    {
        var doc = await app.GetDocumentAsync(app.CreateClient(), "/courses/" + DemoSeeder.Slug);

        Assert.Equal("/courses/css/", doc.QuerySelector("link[rel=stylesheet]")!.GetAttribute("href")![..13]);
        var pdf = doc.QuerySelector("#lecture-1 a")!.GetAttribute("href")!;
        Assert.StartsWith($"/courses/{DemoSeeder.Slug}/materials/", pdf, StringComparison.Ordinal);
        using var download = await app.CreateClient().GetAsync(pdf);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
    }

    [Fact]
    public async Task Absolute_links_use_the_scheme_and_host_a_trusted_proxy_forwards()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/courses/api/courses");
        request.Headers.Add("X-Test-Peer", "10.1.2.3");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "portal.example.edu");

        using var response = await app.CreateClient().SendAsync(request);

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal($"https://portal.example.edu/courses/{DemoSeeder.Slug}", json.RootElement[0].GetProperty("url").GetString());
        Assert.True(response.Headers.Contains("Strict-Transport-Security"), "HSTS is sent once the request is known to be HTTPS");
    }

    [Fact]
    public async Task Forwarded_headers_from_an_untrusted_peer_are_ignored()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/courses/api/courses");
        request.Headers.Add("X-Test-Peer", "203.0.113.9");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "evil.example");

        using var response = await app.CreateClient().SendAsync(request);

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal($"http://localhost/courses/{DemoSeeder.Slug}", json.RootElement[0].GetProperty("url").GetString());
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Sign_in_works_under_the_path_base()
    {
        await app.CreateUserAsync("proxied@example.edu");
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.SubmitFormAsync("/courses/Account/Login", new Dictionary<string, string?>
        {
            ["Input.Email"] = "proxied@example.edu",
            ["Input.Password"] = PortalApplication.DefaultPassword,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/courses/Staff", response.Headers.Location!.OriginalString);
    }
}
