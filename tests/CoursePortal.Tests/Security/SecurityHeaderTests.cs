using System.Net;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;

namespace CoursePortal.Tests.Security;

public sealed class SecurityHeaderTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    public static TheoryData<string> Urls => new()
    {
        "/",
        "/" + DemoSeeder.Slug,
        "/" + DemoSeeder.Slug + "/calendar.ics",
        "/" + DemoSeeder.Slug + "/feed.atom",
        "/api/courses",
        "/api/courses/" + DemoSeeder.Slug,
        "/search?q=theory",
        "/Account/Login",
        "/Staff",
        "/no-such-course",
        "/healthz",
        "/css/site.css",
        "/js/site.js",
    };

    [Theory]
    [MemberData(nameof(Urls))]
    public async Task Every_response_carries_the_security_headers(string url)
    {
        using var response = await app.Browser().GetAsync(url);

        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"), StringComparison.Ordinal);
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
    }

    [Fact]
    public async Task A_pdf_may_not_be_framed_but_keeps_the_browser_viewer_working()
    {
        var doc = await app.GetDocumentAsync(app.CreateClient(), "/" + DemoSeeder.Slug);
        using var response = await app.CreateClient().GetAsync(doc.QuerySelector("#lecture-1 a")!.GetAttribute("href"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
    }

    [Fact]
    public async Task Pages_have_no_inline_script_or_event_handler_attributes()
    {
        foreach (var url in new[] { "/", "/" + DemoSeeder.Slug, "/Account/Login", "/search?q=x" })
        {
            var doc = await app.GetDocumentAsync(app.CreateClient(), url);
            Assert.All(doc.QuerySelectorAll("script"), s => Assert.False(string.IsNullOrEmpty(s.GetAttribute("src")), $"inline script on {url}"));
            Assert.DoesNotContain(doc.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal)));
        }
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(",", content)
        : "";
}
