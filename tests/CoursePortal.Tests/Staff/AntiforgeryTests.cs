using System.Net;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;

namespace CoursePortal.Tests.Staff;

/// <summary>Every POST handler of every page, found through routing, refuses a request without the antiforgery token.</summary>
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
        }

        Assert.Contains(handlers, h => h.Page.ViewPath == "/Account/Login");
        Assert.Contains(handlers, h => h.Page.ViewPath == "/Staff/Courses/Lectures/Edit");
        Assert.True(handlers.Count > 20, $"only {handlers.Count} POST handlers found");
    }
}
