using System.Net;
using System.ServiceModel.Syndication;
using System.Xml;
using CoursePortal.Data;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Markdown;

/// <summary>The Markdown rule and image policy through the real forms, preview and feed.</summary>
public sealed class MarkdownPolicyTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    private const string Undescribed = "Look at this: ![](https://images.example.com/x.png)";

    /// <summary>Every form that takes Markdown: the page (under the course) and its field.</summary>
    [Theory]
    [InlineData("Info", "Input.DescriptionMarkdown")]
    [InlineData("Info", "Input.PrerequisitesMarkdown")]
    [InlineData("Lectures/Edit/{lecture}", "Input.NotesMarkdown")]
    [InlineData("Announcements/Edit", "Input.BodyMarkdown")]
    public async Task Saving_an_image_without_a_description_is_refused_next_to_the_field_and_nothing_is_saved(string page, string field)
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        var email = $"describer.{field.Replace("Input.", "", StringComparison.Ordinal).ToLowerInvariant()}@example.edu";
        await app.CreateUserAsync(email, courseId: courseId, role: CoursePortal.Accounts.StaffRoles.Instructor);
        var client = await app.SignInAsync(email);
        var lectureId = await app.WithDbAsync(db => db.Lectures.Where(l => l.CourseId == courseId).OrderBy(l => l.Date).Select(l => l.Id).FirstAsync());
        var before = await StoredMarkdownAsync();

        var changes = new Dictionary<string, string?> { [field] = Undescribed };
        if (page.StartsWith("Announcements", StringComparison.Ordinal))
        {
            changes["Input.Title"] = "With a figure";
        }

        var url = $"/Staff/Courses/{courseId}/{page.Replace("{lecture}", lectureId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)}";
        using var response = await client.SubmitFormAsync(url, changes);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await response.ReadDocumentAsync();
        Assert.Contains("has no description", doc.FieldError(field), StringComparison.Ordinal);
        Assert.Contains("screen-reader users must get every figure", doc.FieldError(field), StringComparison.Ordinal);
        Assert.Equal(Undescribed, doc.GetElementById(field.Replace('.', '_'))!.TextContent);
        Assert.Equal(before, await StoredMarkdownAsync());
    }

    [Fact]
    public async Task The_preview_says_why_saving_would_be_refused_and_shows_images_as_links()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        await app.CreateUserAsync("previewer@example.edu", courseId: courseId, role: CoursePortal.Accounts.StaffRoles.Instructor);
        var client = await app.SignInAsync("previewer@example.edu");
        var form = await app.GetDocumentAsync(client, $"/Staff/Courses/{courseId}/Info");
        var token = form.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;

        using var response = await client.PostAsync("/Staff/Preview", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", token),
            new("markdownText", Undescribed + " and ![Loss curve](https://images.example.com/loss.png)"),
        ]));

        var html = await PortalApplication.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Contains("has no description", html.QuerySelector(".field-error")!.TextContent, StringComparison.Ordinal);
        Assert.Null(html.QuerySelector("img"));
        Assert.Contains(html.QuerySelectorAll("a"), a => a.TextContent == "Loss curve" && a.GetAttribute("href") == "https://images.example.com/loss.png");
    }

    [Fact]
    public async Task The_atom_feed_loads_no_image_and_its_links_point_at_the_course_page()
    {
        await app.WithDbAsync(async db =>
        {
            var course = await db.Courses.SingleAsync(c => c.Slug == DemoSeeder.Slug);
            db.Announcements.Add(new Announcement
            {
                CourseId = course.Id, Title = "Figure announcement", PublishAt = new DateTime(2025, 9, 1, 0, 0, 0, DateTimeKind.Utc),
                BodyMarkdown = "![Tracking pixel](https://tracker.example/p.gif) and [lecture 3](#lecture-3), table:\n\n| a |\n|:-:|\n| b |",
            });
            await db.SaveChangesAsync();
        });

        using var response = await app.CreateClient().GetAsync($"/{DemoSeeder.Slug}/feed.atom");
        using var reader = XmlReader.Create(await response.Content.ReadAsStreamAsync());
        var item = SyndicationFeed.Load(reader).Items.Single(i => i.Title.Text == "Figure announcement");
        var content = await PortalApplication.ParseAsync(((TextSyndicationContent)item.Content).Text);

        Assert.Null(content.QuerySelector("img, [src], [style]"));
        Assert.Equal(["https://tracker.example/p.gif", $"http://localhost/{DemoSeeder.Slug}#lecture-3"], content.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
    }

    private Task<string> StoredMarkdownAsync() => app.WithDbAsync(async db =>
        string.Join('\n', await db.Courses.Select(c => c.DescriptionMarkdown + c.PrerequisitesMarkdown).ToListAsync())
        + string.Join('\n', await db.Lectures.Select(l => l.NotesMarkdown).ToListAsync())
        + string.Join('\n', await db.Announcements.Select(a => a.Title + a.BodyMarkdown).ToListAsync()));
}
