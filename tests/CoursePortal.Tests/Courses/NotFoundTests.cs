using System.Net;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;

namespace CoursePortal.Tests.Courses;

/// <summary>Bad addresses get a friendly 404 (or 400), never a server error.</summary>
public sealed class NotFoundTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    [Fact]
    public async Task Unknown_course_gets_the_friendly_404_page()
    {
        using var response = await app.CreateClient().GetAsync("/no-such-course");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var doc = await PortalApplication.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Equal("Page not found", doc.QuerySelector("h1")!.TextContent.Trim());
        Assert.NotNull(doc.QuerySelector("a[href='/']"));
    }

    [Theory]
    [InlineData("/Not_A_Slug!")]
    [InlineData("/a/b/c/d")]
    [InlineData("/" + DemoSeeder.Slug + "/materials/abc/x.pdf")]
    [InlineData("/" + DemoSeeder.Slug + "/materials/-1/x.pdf")]
    [InlineData("/" + DemoSeeder.Slug + "/materials/0/x.pdf")]
    [InlineData("/" + DemoSeeder.Slug + "/materials/99999999999999999999/x.pdf")]
    [InlineData("/" + DemoSeeder.Slug + "/materials/2147483647/x.pdf")]
    [InlineData("/other-course/materials/2/lecture-01.pdf")]
    [InlineData("/api/courses/%2500")]
    [InlineData("/api/courses/..%2F..%2Fetc")]
    [InlineData("/api/courses/" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("/status/abc")]
    [InlineData("/%E2%80%8B")]
    public async Task Malformed_or_unknown_addresses_give_404_or_400_never_500(string url)
    {
        using var response = await app.CreateClient().GetAsync(url);

        Assert.True(
            response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest,
            $"{url} gave {(int)response.StatusCode}");
    }

    [Fact]
    public async Task Material_of_another_course_is_not_served_under_this_slug()
    {
        var client = app.CreateClient();
        var doc = await app.GetDocumentAsync(client, "/" + DemoSeeder.Slug);
        var href = doc.QuerySelector("#materials a")!.GetAttribute("href")!;

        using var response = await client.GetAsync(href.Replace(DemoSeeder.Slug, "another-course", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
