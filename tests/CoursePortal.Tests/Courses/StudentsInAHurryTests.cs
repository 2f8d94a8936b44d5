using CoursePortal.Data;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Courses;

/// <summary>
/// A student with a phone and a minute: the next-lecture box has that lecture's files, each link says what and how
/// big it is, and a link near the top jumps to today's place in the schedule.
/// </summary>
public sealed class StudentsInAHurryTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    private const string CourseUrl = "/" + DemoSeeder.Slug;

    [Fact]
    public async Task Material_links_say_their_title_type_and_size()
    {
        var doc = await app.GetDocumentAsync(app.CreateClient(), CourseUrl);

        var first = doc.GetElementById("lecture-1")!.QuerySelector("td[data-label='Materials'] a")!;
        var size = await app.WithDbAsync(db => db.Materials.Where(m => m.Lecture!.Topic == "Optimization theory").Select(m => m.FileSize).SingleAsync());
        Assert.Equal($"Lecture PDF (PDF, {CoursePortal.Courses.Formats.FileSize(size!.Value)})", first.TextContent.Trim());
        Assert.Matches(@"^Theory of Deep Learning book draft \(PDF, \d+ KB\)$", doc.QuerySelector("#materials a")!.TextContent.Trim());
    }

    [Fact]
    public async Task Next_lecture_box_lists_its_public_materials_and_a_future_one_only_from_its_release()
    {
        // Mid-term is Wednesday Sept 10 at noon: the next lecture is Lecture 3, that afternoon, with its PDF.
        var releaseAt = PortalApplication.MidTerm.UtcDateTime.AddHours(1);
        var slidesId = await app.WithDbAsync(async db =>
        {
            var lecture = await db.Lectures.SingleAsync(l => l.Course!.Slug == DemoSeeder.Slug && l.Date == new DateOnly(2025, 9, 10));
            var slides = new Material
            {
                CourseId = lecture.CourseId, LectureId = lecture.Id, Title = "Slides", Kind = MaterialKind.Link,
                Url = "https://slides.example.edu/lecture-3", VisibleFrom = releaseAt, SortOrder = 1,
            };
            db.Materials.Add(slides);
            await db.SaveChangesAsync();
            return slides.Id;
        });

        try
        {
            var client = app.CreateClient();
            var before = await app.GetDocumentAsync(client, CourseUrl);
            var box = before.QuerySelector(".next-lecture")!;
            Assert.Contains("Lecture 3", box.QuerySelector(".next-when")!.TextContent);
            var links = box.QuerySelectorAll(".next-materials a").Select(a => a.TextContent.Trim()).ToList();
            Assert.Single(links);
            Assert.StartsWith("Lecture PDF (PDF, ", links[0], StringComparison.Ordinal);
            Assert.DoesNotContain("slides.example.edu", box.InnerHtml, StringComparison.Ordinal);

            app.Clock.SetUtcNow(releaseAt.AddMinutes(1));
            var after = await app.GetDocumentAsync(client, CourseUrl);
            var released = after.QuerySelectorAll(".next-lecture .next-materials a").ToList();
            Assert.Equal(2, released.Count);
            Assert.Equal("Slides (link)", released[1].TextContent.Trim());
            Assert.Equal("https://slides.example.edu/lecture-3", released[1].GetAttribute("href"));
            // The box and the lecture's row show the same links.
            Assert.Equal(released.Select(a => a.GetAttribute("href")),
                after.GetElementById("lecture-3")!.QuerySelectorAll("td[data-label='Materials'] a").Select(a => a.GetAttribute("href")));
        }
        finally
        {
            app.Clock.SetUtcNow(PortalApplication.MidTerm);
            await app.WithDbAsync(db => db.Materials.Where(m => m.Id == slidesId).ExecuteDeleteAsync());
        }
    }

    [Fact]
    public async Task A_lecture_without_public_materials_has_no_list_in_the_box()
    {
        // Thursday Sept 18: the next lecture is Lecture 6 (Monday Sept 22), which has no files.
        app.Clock.SetUtcNow(new DateTimeOffset(2025, 9, 18, 16, 0, 0, TimeSpan.Zero));
        try
        {
            var doc = await app.GetDocumentAsync(app.CreateClient(), CourseUrl);
            Assert.Contains("Lecture 6", doc.QuerySelector(".next-lecture .next-when")!.TextContent);
            Assert.Null(doc.QuerySelector(".next-lecture .next-materials"));
        }
        finally
        {
            app.Clock.SetUtcNow(PortalApplication.MidTerm);
        }
    }

    [Fact]
    public async Task Jump_link_goes_to_todays_row_or_else_the_next_date()
    {
        var today = await app.GetDocumentAsync(app.CreateClient(), CourseUrl);
        var jump = today.QuerySelector(".course-head .jump-today a")!;
        Assert.Equal("#lecture-3", jump.GetAttribute("href"));
        Assert.Equal("Today in the schedule: Wed Sep 10, Lecture 3", jump.TextContent.Trim());
        Assert.NotNull(today.GetElementById("lecture-3"));

        // Thursday: no row today, so the next date (Monday Sept 15, Lecture 4).
        app.Clock.SetUtcNow(new DateTimeOffset(2025, 9, 11, 16, 0, 0, TimeSpan.Zero));
        try
        {
            var thursday = await app.GetDocumentAsync(app.CreateClient(), CourseUrl);
            var next = thursday.QuerySelector(".course-head .jump-today a")!;
            Assert.Equal("#lecture-4", next.GetAttribute("href"));
            Assert.StartsWith("Next in the schedule: Mon Sep 15", next.TextContent.Trim(), StringComparison.Ordinal);

            // After the last date there is nowhere to jump to.
            app.Clock.SetUtcNow(new DateTimeOffset(2026, 1, 5, 16, 0, 0, TimeSpan.Zero));
            var over = await app.GetDocumentAsync(app.CreateClient(), CourseUrl);
            Assert.Null(over.QuerySelector(".jump-today"));
        }
        finally
        {
            app.Clock.SetUtcNow(PortalApplication.MidTerm);
        }
    }

    [Fact]
    public async Task Jump_link_shows_only_at_phone_widths()
    {
        var css = await app.CreateClient().GetStringAsync("/css/site.css");

        Assert.Contains(".jump-today { display: none;", css, StringComparison.Ordinal);
        Assert.Contains("@media (max-width: 40rem) { .jump-today { display: block; } }", css, StringComparison.Ordinal);
    }
}
