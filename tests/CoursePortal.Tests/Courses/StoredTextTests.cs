using System.Net;
using System.Xml.Linq;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Tests.Courses;

/// <summary>
/// Characters XML and iCalendar cannot carry (U+0001, U+000B, U+FFFE, an unpaired surrogate) are
/// refused by every form, and text an older portal stored with them still leaves every output readable.
/// </summary>
public sealed class StoredTextTests(PortalApplication app) : IClassFixture<PortalApplication>
{
#if SCALED
    // PostgreSQL text is UTF-8, which has no lone surrogate, so no version could have stored one there.
    private const string Bad = "Bad\u0001 text\u000B here\uFFFE end";
#else
    private const string Bad = "Bad\u0001 text\u000B here\uFFFE \uD800end";
#endif

    [Fact]
    public async Task Every_public_output_stays_readable_when_stored_text_holds_characters_xml_cannot()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        // Written past the portal's own rules, as an older version could have stored it.
        await app.WithDbAsync(async db =>
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"""UPDATE "Courses" SET "Title" = {Bad}, "Location" = {Bad} WHERE "Id" = {courseId}""");
            await db.Database.ExecuteSqlInterpolatedAsync($"""UPDATE "Lectures" SET "Topic" = {Bad}, "Room" = {Bad} WHERE "CourseId" = {courseId}""");
            await db.Database.ExecuteSqlInterpolatedAsync($"""UPDATE "Materials" SET "Title" = {Bad} WHERE "CourseId" = {courseId}""");
            await db.Database.ExecuteSqlInterpolatedAsync($"""UPDATE "Announcements" SET "Title" = {Bad}, "BodyMarkdown" = {Bad} WHERE "CourseId" = {courseId}""");
            await db.Database.ExecuteSqlInterpolatedAsync($"""UPDATE "StaffMembers" SET "Name" = {Bad} WHERE "CourseId" = {courseId}""");
        });
        await app.Services.GetRequiredService<Microsoft.AspNetCore.OutputCaching.IOutputCacheStore>().EvictByTagAsync(CoursePortal.Caching.PublicCache.AllTag, default);
        var client = app.CreateClient();
        var slug = DemoSeeder.Slug;

        using (var feed = await client.GetAsync($"/{slug}/feed.atom"))
        {
            Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
            var text = await feed.Content.ReadAsStringAsync();
            var xml = XDocument.Parse(text);
            Assert.True(xml.Descendants().Any(e => e.Value.Contains("Bad text here", StringComparison.Ordinal)), text[..Math.Min(3000, text.Length)]);
        }

        using (var ics = await client.GetAsync($"/{slug}/calendar.ics"))
        {
            Assert.Equal(HttpStatusCode.OK, ics.StatusCode);
            var text = await ics.Content.ReadAsStringAsync();
            Assert.DoesNotContain('\u0001', text);
            var calendar = Ical.Net.Calendar.Load(text)!;
            Assert.Contains(calendar.Events, e => e.Summary?.Contains("Bad text here", StringComparison.Ordinal) == true);
        }

        foreach (var path in new[] { $"/{slug}", $"/{slug}/schedule", $"/api/courses/{slug}", "/api/courses", "/", "/search?q=text" })
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        }

        using (var json = await client.GetAsync($"/api/courses/{slug}"))
        {
            using var document = System.Text.Json.JsonDocument.Parse(await json.Content.ReadAsStringAsync());
            Assert.NotNull(document.RootElement.GetProperty("title").GetString());
        }
    }

    [Fact]
    public async Task A_form_refuses_a_control_character_next_to_its_field_and_saves_nothing()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        await app.CreateUserAsync("control.ta@example.edu", courseId: courseId);
        var ta = await app.SignInAsync("control.ta@example.edu");
        var lecture = await app.WithDbAsync(db => db.Lectures.Where(l => l.CourseId == courseId).OrderBy(l => l.Date).FirstAsync());

        using var response = await ta.SubmitFormAsync($"/Staff/Courses/{courseId}/Lectures/Edit/{lecture.Id}", new Dictionary<string, string?>
        {
            ["Input.Topic"] = "Optimization\u000B theory",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("U+000B", (await response.ReadDocumentAsync()).FieldError("Input.Topic"), StringComparison.Ordinal);
        Assert.Equal(lecture.Topic, await app.WithDbAsync(db => db.Lectures.Where(l => l.Id == lecture.Id).Select(l => l.Topic).SingleAsync()));
    }
}
