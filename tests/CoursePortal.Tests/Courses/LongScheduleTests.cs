using System.Text.Json;
using AngleSharp.Dom;
using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;

namespace CoursePortal.Tests.Courses;

/// <summary>
/// A schedule of more than 60 dates is shown on the course page as whole weeks around the next lecture,
/// with the whole schedule one link away; lecture links lead to where the lecture is shown.
/// </summary>
public sealed class LongScheduleTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    internal const string Slug = "long-course";

    /// <summary>100 lectures, Mondays and Wednesdays 10:00–11:00 in New York from Sept 1 2025.</summary>
    internal static Task AddLongCourseAsync(PortalApplication portal, int lectures = 100) =>
        portal.WithDbAsync(async db =>
        {
            if (db.Courses.Any(c => c.Slug == Slug))
            {
                return;
            }

            var start = new DateOnly(2025, 9, 1);
            var course = new Course
            {
                Slug = Slug, Code = "LONG", Title = "A long course", TermName = "Year 2025–26",
                TermStart = start, TermEnd = start.AddDays(7 * (lectures / 2 + 1)),
                MeetingDays = Weekdays.Monday | Weekdays.Wednesday, MeetingStart = new(10, 0), MeetingEnd = new(11, 0),
                IsPublished = true,
            };
            for (var i = 0; i < lectures; i++)
            {
                course.Lectures.Add(new Lecture { Date = start.AddDays(i / 2 * 7 + (i % 2) * 2), Topic = $"Topic {i + 1}" });
            }

            db.Courses.Add(course);
            await db.SaveChangesAsync();
        });

    [Fact]
    public async Task The_course_page_shows_whole_weeks_around_the_next_lecture_and_links_the_full_schedule()
    {
        await AddLongCourseAsync(app);
        app.Clock.SetUtcNow(new DateTimeOffset(2025, 12, 3, 17, 0, 0, TimeSpan.Zero)); // Wed Dec 3, 12:00 in New York: lecture 28 is over

        var doc = await app.GetDocumentAsync(app.CreateClient(), "/" + Slug);

        var ids = LectureIds(doc);
        Assert.InRange(ids.Count, CoursePortal.Courses.Schedule.WindowRows, CoursePortal.Courses.Schedule.WindowRows + 2);
        Assert.Equal("lecture-29", doc.QuerySelector("tr.is-next")!.Id);
        // From the week before the next lecture's (lectures 27 and 28, Dec 1 and 3) onwards.
        Assert.Equal("lecture-27", ids[0]);
        Assert.DoesNotContain("lecture-1", ids);
        Assert.DoesNotContain("lecture-100", ids);
        Assert.Contains($"Showing {ids.Count} of 100 dates: weeks 14–28.", doc.QuerySelector(".schedule-window")!.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/{Slug}/schedule", doc.QuerySelector("#schedule a.full-schedule")!.GetAttribute("href"));
        var notes = doc.QuerySelectorAll(".schedule-window");
        Assert.Contains($"{100 - 26 - ids.Count} later dates", notes[notes.Length - 1].TextContent, StringComparison.Ordinal);

        var full = await app.GetDocumentAsync(app.CreateClient(), $"/{Slug}/schedule");
        var all = LectureIds(full);
        Assert.Equal(Enumerable.Range(1, 100).Select(n => $"lecture-{n}"), all);
        Assert.Equal("lecture-29", full.QuerySelector("tr.is-next")!.Id);
        Assert.Equal($"/{Slug}", full.QuerySelector(".course-head a")!.GetAttribute("href"));
        Assert.Equal("#lecture-29", full.QuerySelectorAll(".course-head a")[1].GetAttribute("href"));
    }

    [Fact]
    public async Task The_window_follows_the_next_lecture_and_shows_the_last_weeks_after_the_term()
    {
        await AddLongCourseAsync(app);
        app.Clock.SetUtcNow(new DateTimeOffset(2025, 8, 20, 12, 0, 0, TimeSpan.Zero)); // before the term
        Assert.Equal("lecture-1", LectureIds(await app.GetDocumentAsync(app.CreateClient(), "/" + Slug))[0]);

        app.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 2, 17, 0, 0, TimeSpan.Zero)); // Mon Mar 2 2026, 12:00: lecture 53 is over
        var doc = await app.GetDocumentAsync(app.CreateClient(), "/" + Slug);
        Assert.Equal("lecture-54", doc.QuerySelector("tr.is-next")!.Id);
        Assert.Equal("lecture-51", LectureIds(doc)[0]);

        app.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 1, 12, 0, 0, TimeSpan.Zero)); // long after
        var ids = LectureIds(await app.GetDocumentAsync(app.CreateClient(), "/" + Slug));
        Assert.Equal("lecture-100", ids[^1]);
        Assert.InRange(ids.Count, CoursePortal.Courses.Schedule.WindowRows, CoursePortal.Courses.Schedule.WindowRows + 2);
    }

    [Fact]
    public async Task Lecture_links_in_the_api_and_calendar_point_where_the_lecture_is_shown()
    {
        await AddLongCourseAsync(app);

        using var json = JsonDocument.Parse(await app.CreateClient().GetStringAsync($"/api/courses/{Slug}"));
        var url = json.RootElement.GetProperty("lectures")[0].GetProperty("url").GetString();
        Assert.EndsWith($"/{Slug}/schedule#lecture-1", url, StringComparison.Ordinal);
        var calendar = await app.CreateClient().GetStringAsync($"/{Slug}/calendar.ics");
        Assert.Contains($"/{Slug}/schedule#lecture-1", calendar.Replace("\r\n ", "", StringComparison.Ordinal), StringComparison.Ordinal);

        using var demo = JsonDocument.Parse(await app.CreateClient().GetStringAsync($"/api/courses/{DemoSeeder.Slug}"));
        Assert.EndsWith($"/{DemoSeeder.Slug}#lecture-1", demo.RootElement.GetProperty("lectures")[0].GetProperty("url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_short_schedule_is_shown_whole_and_its_schedule_page_lists_the_same_rows()
    {
        var page = await app.GetDocumentAsync(app.CreateClient(), "/" + DemoSeeder.Slug);
        Assert.Null(page.QuerySelector(".schedule-window"));
        Assert.Null(page.QuerySelector("#schedule a.full-schedule"));

        var full = await app.GetDocumentAsync(app.CreateClient(), $"/{DemoSeeder.Slug}/schedule");
        Assert.Equal(19, LectureIds(full).Count);
        Assert.Equal(
            page.QuerySelectorAll("table.schedule tbody tr:not(.week-head)").Select(r => r.Id),
            full.QuerySelectorAll("table.schedule tbody tr:not(.week-head)").Select(r => r.Id));

        using var missing = await app.CreateClient().GetAsync("/no-such-course/schedule");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Search_hits_in_a_long_schedule_link_to_the_full_schedule()
    {
        await AddLongCourseAsync(app);

        var doc = await app.GetDocumentAsync(app.CreateClient(), $"/search?q=Topic+90&course={Slug}");

        Assert.Contains(doc.QuerySelectorAll(".search-results a"), a => a.GetAttribute("href") == $"/{Slug}/schedule#lecture-90");
    }

    [Fact]
    public void The_window_always_holds_the_next_lectures_week_however_full_the_week_before()
    {
        // An intensive week of 40 lectures, then the week of the next lecture.
        var next = Row(new DateOnly(2025, 9, 8), isNext: true);
        var weeks = new List<ScheduleWeek>
        {
            new(1, Enumerable.Range(0, 40).Select(_ => Row(new DateOnly(2025, 9, 2))).ToList()),
            new(2, [next, .. Enumerable.Range(0, 30).Select(_ => Row(new DateOnly(2025, 9, 9)))]),
        };

        var window = CoursePortal.Courses.Schedule.Window(Page(weeks, next, new DateOnly(2025, 9, 5)));

        Assert.Contains(window.Weeks, w => w.Rows.Contains(next));
        Assert.Equal("weeks 1–2", window.WeekRange);
    }

    [Fact]
    public void Without_a_next_lecture_mid_term_the_window_starts_the_week_before_today()
    {
        // 50 weeks of two lectures each, the rest of the term cancelled: nothing is next.
        var weeks = Enumerable.Range(1, 50)
            .Select(n => new ScheduleWeek(n, [Row(new DateOnly(2025, 9, 1).AddDays(7 * (n - 1))), Row(new DateOnly(2025, 9, 3).AddDays(7 * (n - 1)))]))
            .ToList();

        var window = CoursePortal.Courses.Schedule.Window(Page(weeks, null, new DateOnly(2025, 9, 1).AddDays(7 * 19 + 1))); // Tuesday of week 20

        Assert.Equal(19, window.Weeks[0].Number);
        Assert.Equal(36, window.EarlierRows);
        Assert.Equal("weeks 19–33", window.WeekRange);
    }

    private static ScheduleRow Row(DateOnly date, bool isNext = false) =>
        new(date, new Lecture { Topic = "A topic", Date = date }, null, null, null, null, "", [], false, isNext, []);

    private static CoursePage Page(IReadOnlyList<ScheduleWeek> weeks, ScheduleRow? next, DateOnly today) =>
        new(new Course { Slug = "unit", Code = "U", Title = "Unit", TermName = "T", TermStart = new DateOnly(2025, 9, 1) },
            TimeZoneInfo.Utc, today, [], weeks, next, [], [], [], [], [], DateTime.MaxValue, []);

    private static List<string> LectureIds(IDocument doc) =>
        doc.QuerySelectorAll("table.schedule tr[id^='lecture-']").Select(r => r.Id!).ToList();
}
