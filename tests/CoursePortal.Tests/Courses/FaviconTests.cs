using System.Net;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;

namespace CoursePortal.Tests.Courses;

/// <summary>Browsers ask for an icon on every page load: the layout links one, and /favicon.ico answers too.</summary>
public sealed class FaviconTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    [Fact]
    public async Task Favicon_ico_answers_200_with_an_icon()
    {
        using var response = await app.CreateClient().GetAsync("/favicon.ico");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/x-icon", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0, 0, 1, 0], (await response.Content.ReadAsByteArrayAsync())[..4]);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/" + DemoSeeder.Slug)]
    [InlineData("/Account/Login")]
    public async Task Every_icon_the_layout_links_answers_200(string page)
    {
        var client = app.CreateClient();
        var doc = await app.GetDocumentAsync(client, page);
        var icons = doc.QuerySelectorAll("link[rel~='icon']").Select(l => l.GetAttribute("href")!).ToList();

        Assert.NotEmpty(icons);
        foreach (var href in icons)
        {
            using var response = await client.GetAsync(href);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{href} gave {(int)response.StatusCode}");
            Assert.StartsWith("image/", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        }
    }
}
