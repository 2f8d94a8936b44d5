using System.Text.Json;
using CoursePortal.Tests.Infrastructure;

namespace CoursePortal.Tests.Courses;

public sealed class EmptyPortalTests(EmptyPortalApplication app) : IClassFixture<EmptyPortalApplication>
{
    [Fact]
    public async Task With_the_demo_turned_off_the_portal_starts_empty()
    {
        var doc = await app.GetDocumentAsync(app.CreateClient(), "/");
        using var json = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/api/courses"));

        Assert.Contains("No course is published yet", doc.QuerySelector("main")!.TextContent);
        Assert.Equal(0, json.RootElement.GetArrayLength());
    }
}
