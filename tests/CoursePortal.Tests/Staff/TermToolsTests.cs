using System.Net;
using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Staff;

/// <summary>Schedule check, schedule from the meeting pattern, and copy to a new term, through the staff pages.</summary>
public sealed class TermToolsTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    [Fact]
    public async Task The_schedule_check_lists_the_seven_demo_dates_that_are_not_a_Monday_or_Wednesday()
    {
        var (client, courseId) = await InstructorAsync("checker@example.edu");

        foreach (var url in new[] { $"/Staff/Courses/{courseId}/Lectures", "/Staff" })
        {
            var doc = await app.GetDocumentAsync(client, url);
            var items = doc.QuerySelectorAll(".schedule-check li").ToList();
            var dates = items.Select(li => li.QuerySelector("time")!.GetAttribute("datetime")).ToList();

            Assert.Equal(["2025-10-19", "2025-10-21", "2025-10-26", "2025-10-28", "2025-11-01", "2025-11-08", "2025-11-15"], dates);
            Assert.Contains("a Sunday, not a meeting day (the course meets Monday and Wednesday)", items[0].TextContent, StringComparison.Ordinal);
            Assert.Contains("a Saturday", items[^1].TextContent, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_schedule_check_finds_holidays_outside_term_doubles_and_long_gaps()
    {
        var course = new Course { Slug = "x", Code = "X", Title = "X", TermName = "T", TermStart = new(2026, 1, 5), TermEnd = new(2026, 3, 31), MeetingDays = Weekdays.Tuesday };
        var holidays = new[] { new Holiday { Name = "Winter break", StartDate = new(2026, 2, 10), EndDate = new(2026, 2, 10) } };
        Lecture L(int id, int month, int day) => new() { Id = id, Topic = "t", Date = new DateOnly(2026, month, day) };
        var lectures = new[] { L(1, 1, 6), L(2, 1, 6), L(3, 2, 10), L(4, 3, 3), L(5, 4, 7), L(6, 1, 1) };

        var findings = ScheduleCheck.Run(course, lectures, holidays, [], []).Select(f => $"{f.Date:MM-dd} {f.Reason}").ToList();

        Assert.Contains(findings, f => f.StartsWith("01-01 before the term starts", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.StartsWith("01-06 2 lectures on one day", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.StartsWith("02-10 falls on a holiday (Winter break)", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.StartsWith("02-10 35 days after the previous lecture", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.StartsWith("03-03 21 days after the previous lecture", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.StartsWith("04-07 after the term ends", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.StartsWith("01-01 a Thursday, not a meeting day", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Generate_previews_the_pattern_days_around_holidays_and_adds_them_only_on_confirm()
    {
        var (client, _) = await InstructorAsync("generator@example.edu");
        var courseId = await app.WithDbAsync(async db =>
        {
            var course = new Course
            {
                Slug = "gen-spring-2026", Code = "GEN", Title = "Generated", TermName = "Spring 2026",
                TermStart = new(2026, 3, 2), TermEnd = new(2026, 3, 27), MeetingDays = Weekdays.Tuesday | Weekdays.Thursday,
                MeetingStart = new(10, 0), MeetingEnd = new(11, 20),
            };
            course.Holidays.Add(new Holiday { Name = "Spring break", StartDate = new(2026, 3, 14), EndDate = new(2026, 3, 22) });
            course.Lectures.Add(new Lecture { Date = new(2026, 3, 3), Topic = "Already planned" });
            db.Courses.Add(course);
            await db.SaveChangesAsync();
            var userId = await db.Users.Where(u => u.Email == "generator@example.edu").Select(u => u.Id).SingleAsync();
            db.CourseAssignments.Add(new CourseAssignment { CourseId = course.Id, UserId = userId, Role = "Instructor" });
            await db.SaveChangesAsync();
            return course.Id;
        });
        var url = $"/Staff/Courses/{courseId}/Lectures/Generate";

        var preview = await app.GetDocumentAsync(client, url);
        var proposed = preview.QuerySelectorAll("main ul.preview-list")[0].QuerySelectorAll("li").Select(li => li.TextContent.Split(':')[0]).ToList();
        var skipped = preview.QuerySelectorAll("main ul.preview-list")[1].TextContent;

        Assert.Equal(["Thu Mar 5, 2026", "Tue Mar 10, 2026", "Thu Mar 12, 2026", "Tue Mar 24, 2026", "Thu Mar 26, 2026"], proposed);
        Assert.Contains("Tue Mar 17, 2026: Spring break", skipped, StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.Lectures.CountAsync(l => l.CourseId == courseId)));

        using var added = await client.SubmitFormAsync(url, new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var dates = await app.WithDbAsync(db => db.Lectures.Where(l => l.CourseId == courseId).OrderBy(l => l.Date).Select(l => l.Date).ToListAsync());
        Assert.Equal([new(2026, 3, 3), new(2026, 3, 5), new(2026, 3, 10), new(2026, 3, 12), new(2026, 3, 24), new DateOnly(2026, 3, 26)], dates);
        Assert.Equal("Already planned", await app.WithDbAsync(db => db.Lectures.Where(l => l.CourseId == courseId && l.Date == new DateOnly(2026, 3, 3)).Select(l => l.Topic).SingleAsync()));
    }

    [Fact]
    public async Task Copy_to_a_new_term_previews_every_move_then_copies_with_shared_files_and_shifted_release_times()
    {
        var (client, courseId) = await InstructorAsync("copier@example.edu");
        await app.EnsureTermAsync("Spring 2026", new(2026, 1, 21), new(2026, 5, 8));
        var url = $"/Staff/Courses/{courseId}/Copy";
        var fields = new Dictionary<string, string?>
        {
            ["Input.Slug"] = "deep-learning-spring-2026",
            ["Input.TermName"] = "Spring 2026",
            ["Input.TermStart"] = "2026-01-21",
            ["Input.TermEnd"] = "2026-05-08",
            ["Input.Holidays"] = "2026-03-14..2026-03-22 Spring break\n2026-01-19 Martin Luther King Day",
        };
        var filesBefore = await app.StoredHashesAsync();
        var oldDates = await LectureDatesAsync(DemoSeeder.Slug);

        using var previewResponse = await client.SubmitFormAsync(url, fields, "main form", "button[formaction*='Preview']");
        var preview = await previewResponse.ReadDocumentAsync();
        var moves = preview.QuerySelectorAll(".copy-preview ol li").Select(li => li.TextContent).ToList();

        Assert.Equal(19, moves.Count);
        Assert.StartsWith("Lecture 1: Wed Sep 3, 2025 \u2192 Wed Jan 21, 2026", moves[0], StringComparison.Ordinal);
        Assert.StartsWith("Lecture 7: Wed Sep 24, 2025 \u2192 Wed Feb 11, 2026", moves[6], StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Courses.AnyAsync(c => c.Slug == "deep-learning-spring-2026")));

        using var copied = await client.SubmitFormAsync(preview, url, fields, "main form", "button[formaction*='handler=Copy']");
        Assert.Equal(HttpStatusCode.Redirect, copied.StatusCode);

        var copy = await app.WithDbAsync(db => db.Courses.AsNoTracking().AsSplitQuery()
            .Include(c => c.Lectures).Include(c => c.Materials).Include(c => c.Staff).ThenInclude(s => s.OfficeHours)
            .Include(c => c.Announcements).Include(c => c.Holidays).Include(c => c.Assignments)
            .SingleAsync(c => c.Slug == "deep-learning-spring-2026"));
        Assert.False(copy.IsPublished);
        Assert.Equal(19, copy.Lectures.Count);
        Assert.Equal(new DateOnly(2026, 2, 11), copy.Lectures.Single(l => l.Topic == "Linear data models").Date);
        Assert.DoesNotContain(copy.Lectures, l => l.Date >= new DateOnly(2026, 3, 14) && l.Date <= new DateOnly(2026, 3, 22));
        Assert.Equal(["Gon Buzaglo", "Sanjeev Arora"], copy.Staff.Select(s => s.Name).Order());
        Assert.Equal(2, copy.Staff.Sum(s => s.OfficeHours.Count));
        Assert.Empty(copy.Announcements);
        Assert.Equal(2, copy.Holidays.Count);
        Assert.Contains(copy.Assignments, a => a.Role == "Instructor");
        var firstPdf = copy.Materials.Single(m => m.FileName == "lecture-01.pdf");
        Assert.Equal(copy.Lectures.Single(l => l.Date == new DateOnly(2026, 1, 21)).Id, firstPdf.LectureId);
        // Lecture 1 moved 140 days (Sep 3, 2025 → Jan 21, 2026); its PDF's release time moved as far, at the same
        // local time: 9 am New York time (13:00 UTC in September, 14:00 UTC in January).
        Assert.Equal(new DateTime(2026, 1, 19, 14, 0, 0, DateTimeKind.Utc), firstPdf.VisibleFrom);
        Assert.Equal(filesBefore, await app.StoredHashesAsync());
        Assert.Equal(oldDates, await LectureDatesAsync(DemoSeeder.Slug));
    }

    [Fact]
    public async Task A_shorter_new_term_lists_the_lectures_that_do_not_fit()
    {
        var (client, courseId) = await InstructorAsync("short@example.edu");
        await app.EnsureTermAsync("Summer 2026", new(2026, 6, 1), new(2026, 6, 30));

        using var response = await client.SubmitFormAsync($"/Staff/Courses/{courseId}/Copy", new Dictionary<string, string?>
        {
            ["Input.Slug"] = "deep-learning-summer-2026",
            ["Input.TermName"] = "Summer 2026",
            ["Input.TermStart"] = "2026-06-01",
            ["Input.TermEnd"] = "2026-06-30",
        }, "main form", "button[formaction*='Preview']");

        var doc = await response.ReadDocumentAsync();
        Assert.Equal(9, doc.QuerySelectorAll(".copy-preview ol li").Length);
        var unplaced = doc.QuerySelectorAll(".copy-preview li.unplaced").Select(li => li.TextContent).ToList();
        Assert.Equal(10, unplaced.Count);
        Assert.StartsWith("Lecture 10: Mon Oct 6, 2025", unplaced[0], StringComparison.Ordinal);
    }

    private async Task<(HttpClient Client, int CourseId)> InstructorAsync(string email)
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        await app.CreateUserAsync(email, courseId: courseId, role: "Instructor");
        return (await app.SignInAsync(email), courseId);
    }

    private Task<List<DateOnly>> LectureDatesAsync(string slug) =>
        app.WithDbAsync(db => db.Lectures.Where(l => l.Course!.Slug == slug).OrderBy(l => l.Date).Select(l => l.Date).ToListAsync());
}
