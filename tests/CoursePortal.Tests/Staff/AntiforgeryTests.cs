using System.Net;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;

namespace CoursePortal.Tests.Staff;

/// <summary>
/// Every POST handler of every page, found through routing, refuses a request without the antiforgery
/// token, and the person sees a page that says the form expired and offers to reload it.
/// </summary>
public sealed class AntiforgeryTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    [Fact]
    public async Task Every_post_handler_refuses_a_request_without_the_antiforgery_token()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        await app.CreateUserAsync("csrf.admin@example.edu", admin: true);
        var admin = await app.SignInAsync("csrf.admin@example.edu");
        var pages = await StaffPages.AllAsync(app.Services);
        var handlers = pages.SelectMany(p => p.PostHandlers.Select(h => (Page: p, Handler: h))).ToList();

        foreach (var (page, handler) in handlers)
        {
            var url = StaffPages.Url(page, courseId, new Dictionary<string, int>(), handler);
            using var response = await admin.PostAsync(url, new FormUrlEncodedContent([new("Input.Topic", "forged")]));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"POST {url} without a token gave {(int)response.StatusCode}");
            await AssertExpiredFormPageAsync(response, url);
        }

        Assert.Contains(handlers, h => h.Page.ViewPath == "/Account/Login");
        Assert.Contains(handlers, h => h.Page.ViewPath == "/Staff/Courses/Lectures/Edit");
        Assert.True(handlers.Count > 20, $"only {handlers.Count} POST handlers found");
    }

    [Fact]
    public async Task A_sign_in_form_with_a_nul_character_gets_the_expired_form_page_not_an_empty_400()
    {
        using var response = await app.Browser().SubmitFormAsync("/Account/Login", new Dictionary<string, string?>
        {
            ["Input.Email"] = "someone\0@example.edu",
            ["Input.Password"] = "whatever it is",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertExpiredFormPageAsync(response, "/Account/Login");
    }

    [Fact]
    public async Task A_sign_in_form_from_an_earlier_session_gets_the_expired_form_page()
    {
        var stale = app.Browser();
        var page = await app.GetDocumentAsync(stale, "/Account/Login?ReturnUrl=%2FStaff");
        // A new browser session: its antiforgery cookie does not match the token in the old page.
        var fresh = app.Browser();
        using var response = await fresh.SubmitFormAsync(page, "/Account/Login?ReturnUrl=%2FStaff", new Dictionary<string, string?>
        {
            ["Input.Email"] = "nobody@example.edu",
            ["Input.Password"] = "whatever it is",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertExpiredFormPageAsync(response, "/Account/Login?ReturnUrl=%2FStaff");
    }

    [Fact]
    public async Task The_upload_script_gets_its_refusal_as_json()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        await app.CreateUserAsync("csrf.uploader@example.edu", courseId: courseId);
        var staff = await app.SignInAsync("csrf.uploader@example.edu");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/Staff/Courses/{courseId}/Materials/Upload")
        {
            Content = new MultipartFormDataContent { { new ByteArrayContent(TestPdf.Create("expired")), "files", "a.pdf" } },
        };
        request.Headers.Accept.ParseAdd("application/json");

        using var response = await staff.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("expired", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private static async Task AssertExpiredFormPageAsync(HttpResponseMessage response, string url)
    {
        Assert.True(response.Content.Headers.ContentType?.MediaType == "text/html", $"POST {url}: content type {response.Content.Headers.ContentType}");
        var doc = await response.ReadDocumentAsync();
        Assert.Equal("This form has expired", doc.QuerySelector("h1")?.TextContent.Trim());
        var reload = doc.QuerySelectorAll("main a").FirstOrDefault(a => a.TextContent.Trim() == "Reload the form");
        Assert.True(reload is not null, $"POST {url}: no link to reload the form");
        var expected = System.Text.RegularExpressions.Regex.Replace(url, @"[?&]handler=[^&]*$", "");
        Assert.Equal(expected, reload.GetAttribute("href"));
    }
}
