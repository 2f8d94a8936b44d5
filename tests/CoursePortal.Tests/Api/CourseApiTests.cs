using System.Net;
using System.Text.Json;
using CoursePortal.Data;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Api;

public sealed class CourseApiTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    [Fact]
    public async Task Course_list_gives_each_published_course_with_its_slug_and_urls()
    {
        using var json = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/api/courses"));

        var course = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal(DemoSeeder.Slug, course.GetProperty("slug").GetString());
        Assert.Equal("Theory of Deep Learning", course.GetProperty("title").GetString());
        Assert.Equal("Fall 2025", course.GetProperty("term").GetString());
        Assert.Equal($"http://localhost/{DemoSeeder.Slug}", course.GetProperty("url").GetString());
        Assert.Equal($"http://localhost/api/courses/{DemoSeeder.Slug}", course.GetProperty("apiUrl").GetString());
    }

    [Fact]
    public async Task Course_json_matches_the_database()
    {
        var course = await app.WithDbAsync(db => db.Courses.AsNoTracking()
            .Include(c => c.Staff).ThenInclude(s => s.OfficeHours)
            .Include(c => c.Lectures).ThenInclude(l => l.Materials)
            .Include(c => c.Materials)
            .SingleAsync(c => c.Slug == DemoSeeder.Slug));

        using var json = JsonDocument.Parse(await app.CreateClient().GetStringAsync($"/api/courses/{DemoSeeder.Slug}"));
        var root = json.RootElement;

        Assert.Equal(course.Code, root.GetProperty("code").GetString());
        Assert.Equal(course.Location, root.GetProperty("location").GetString());
        Assert.Equal(course.TimeZoneId, root.GetProperty("timeZone").GetString());
        Assert.Equal(["monday", "wednesday"], root.GetProperty("meetingDays").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("15:00:00", root.GetProperty("meetingStart").GetString());
        Assert.Equal(course.DescriptionMarkdown, root.GetProperty("description").GetString());
        Assert.Equal(course.PrerequisitesMarkdown, root.GetProperty("prerequisites").GetString());

        var staff = root.GetProperty("staff").EnumerateArray().ToList();
        Assert.Equal(course.Staff.OrderBy(s => s.SortOrder).Select(s => s.Name), staff.Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(course.Staff.OrderBy(s => s.SortOrder).Select(s => s.Email), staff.Select(s => s.GetProperty("email").GetString()));
        var arorasHour = staff[0].GetProperty("officeHours").EnumerateArray().Single();
        Assert.Equal("wednesday", arorasHour.GetProperty("weekday").GetString());
        Assert.Equal("16:30:00", arorasHour.GetProperty("start").GetString());
        Assert.Equal("COS407", arorasHour.GetProperty("place").GetString());

        var lectures = root.GetProperty("lectures").EnumerateArray().ToList();
        var expected = course.Lectures.OrderBy(l => l.Date).ToList();
        Assert.Equal(expected.Count, lectures.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Id, lectures[i].GetProperty("id").GetInt32());
            Assert.Equal(i + 1, lectures[i].GetProperty("number").GetInt32());
            Assert.Equal(expected[i].Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), lectures[i].GetProperty("date").GetString());
            Assert.Equal(expected[i].Topic, lectures[i].GetProperty("topic").GetString());
            Assert.Equal(expected[i].Materials.Count, lectures[i].GetProperty("materials").GetArrayLength());
        }

        // Sept 3 2025 is in daylight-saving time in New York: 15:00 local is UTC-4.
        Assert.Equal("2025-09-03T15:00:00-04:00", lectures[0].GetProperty("start").GetString());
        var pdf = lectures[0].GetProperty("materials").EnumerateArray().Single();
        Assert.Equal("file", pdf.GetProperty("kind").GetString());
        var pdfUrl = pdf.GetProperty("url").GetString()!;
        Assert.StartsWith($"http://localhost/{DemoSeeder.Slug}/materials/", pdfUrl, StringComparison.Ordinal);
        using var download = await app.CreateClient().GetAsync(new Uri(pdfUrl));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);

        Assert.Equal("Theory of Deep Learning book draft", root.GetProperty("materials").EnumerateArray().Single().GetProperty("title").GetString());
    }

    [Fact]
    public async Task Unknown_course_gives_404_problem_json()
    {
        using var response = await app.CreateClient().GetAsync("/api/courses/no-such-course");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Unpublished_course_is_absent_from_the_api()
    {
        await app.WithDbAsync(async db =>
        {
            db.Courses.Add(new Course { Slug = "hidden-api", Code = "HID", Title = "Hidden", TermName = "Spring 2026" });
            await db.SaveChangesAsync();
        });

        using var json = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/api/courses"));
        using var response = await app.CreateClient().GetAsync("/api/courses/hidden-api");

        Assert.DoesNotContain(json.RootElement.EnumerateArray(), c => c.GetProperty("slug").GetString() == "hidden-api");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
