using System.Globalization;
using System.Net;
using System.Text.Json;
using CoursePortal.Data;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Ical.Net.DataTypes;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Terms;

/// <summary>The admin's terms pages: create, holidays changed only after a per-course preview, dates, delete; a term holiday reaching every course.</summary>
public sealed class TermPagesTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    private async Task<HttpClient> AdminAsync(string email)
    {
        await app.CreateUserAsync(email, admin: true);
        return await app.SignInAsync(email);
    }

    private Task<int> TermIdAsync(string name) => app.WithDbAsync(db => db.Terms.Where(t => t.Name == name).Select(t => t.Id).SingleAsync());

    private Task<int> AddCourseAsync(string slug, string termName, DateOnly start, DateOnly end, params (DateOnly Date, string Topic)[] lectures) =>
        app.WithDbAsync(async db =>
        {
            var course = new Course
            {
                Slug = slug, Code = slug.ToUpperInvariant(), Title = "Course " + slug, TermName = termName, TermStart = start, TermEnd = end,
                MeetingDays = Weekdays.Monday | Weekdays.Wednesday, IsPublished = true,
            };
            course.Lectures.AddRange(lectures.Select(l => new Lecture { Date = l.Date, Topic = l.Topic }));
            db.Courses.Add(course);
            await db.SaveChangesAsync();
            return course.Id;
        });

    [Fact]
    public async Task A_term_holiday_is_saved_only_after_its_preview_and_then_every_course_of_the_term_skips_it()
    {
        var admin = await AdminAsync("terms.holiday.admin@example.edu");
        var second = await AddCourseAsync("second-fall-2025", "Fall 2025", new(2025, 9, 2), new(2025, 12, 10), (new(2025, 11, 3), "Second course on Nov 3"));
        var url = $"/Admin/Terms/{await TermIdAsync("Fall 2025")}";
        var list = await app.GetDocumentAsync(admin, "/Admin/Terms");
        Assert.Contains(list.QuerySelectorAll("main td a"), a => a.TextContent == "Fall 2025" && a.GetAttribute("href") == url);

        using var previewed = await admin.SubmitFormAsync(url, new Dictionary<string, string?>
        {
            ["Holiday.Name"] = "Reading day", ["Holiday.StartDate"] = "2025-11-03", ["Holiday.EndDate"] = "",
        }, "main form.holiday-form");
        var preview = await previewed.ReadDocumentAsync();

        Assert.Equal(HttpStatusCode.OK, previewed.StatusCode);
        var courses = preview.QuerySelectorAll(".term-preview > li").ToList();
        var demo = courses.Single(li => li.TextContent.Contains("TDL", StringComparison.Ordinal));
        Assert.Equal("2025-11-03", demo.QuerySelector(".on-holiday time")?.GetAttribute("datetime"));
        Assert.Contains(courses, li => li.QuerySelector(".on-holiday")?.TextContent.Contains("Second course on Nov 3", StringComparison.Ordinal) == true
            && li.QuerySelector("a")?.GetAttribute("href") == $"/Staff/Courses/{second}/Lectures");
        Assert.False(await app.WithDbAsync(db => db.TermHolidays.AnyAsync(h => h.Name == "Reading day")));

        using var saved = await admin.SubmitFormAsync(preview, url, new Dictionary<string, string?>(), "main form.confirm-form");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var holiday = await app.WithDbAsync(db => db.TermHolidays.SingleAsync(h => h.Name == "Reading day"));
        Assert.Equal((new DateOnly(2025, 11, 3), new DateOnly(2025, 11, 3)), (holiday.StartDate, holiday.EndDate));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == nameof(TermHoliday) && a.EntityId == holiday.Id.ToString(CultureInfo.InvariantCulture) && a.Action == "Create")));

        // Every course of the term: its page, its API, its calendar.
        foreach (var slug in new[] { DemoSeeder.Slug, "second-fall-2025" })
        {
            var page = await app.CreateClient().GetStringAsync($"/{slug}");
            Assert.Contains("Reading day", page, StringComparison.Ordinal);
            using var json = JsonDocument.Parse(await app.CreateClient().GetStringAsync($"/api/courses/{slug}"));
            Assert.Contains(json.RootElement.GetProperty("holidays").EnumerateArray(), h => h.GetProperty("name").GetString() == "Reading day");
        }

        var calendar = Ical.Net.Calendar.Load(await app.CreateClient().GetStringAsync($"/{DemoSeeder.Slug}/calendar.ics"))!;
        var officeHour = calendar.Events.Single(e => e.Summary == "TDL office hour: Gon Buzaglo");
        var dates = officeHour.GetOccurrences(new CalDateTime(2025, 1, 1, 0, 0, 0, "UTC"), null)
            .Select(o => o.Period.StartTime).TakeWhile(s => s.AsUtc < new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)).Select(s => s.Date).ToList();
        Assert.DoesNotContain(new DateOnly(2025, 11, 3), dates);
        Assert.Contains(new DateOnly(2025, 11, 10), dates);
        Assert.Contains(new DateOnly(2025, 10, 27), dates);
    }

    [Fact]
    public async Task An_admin_creates_a_term_changes_and_removes_its_holiday_with_previews_and_deletes_it_once_no_course_uses_it()
    {
        var admin = await AdminAsync("terms.life.admin@example.edu");

        using var refused = await admin.SubmitFormAsync("/Admin/Terms", new Dictionary<string, string?>
        {
            ["Input.Name"] = "Spring 2031", ["Input.StartDate"] = "2031-05-01", ["Input.EndDate"] = "2031-02-01",
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("cannot end before it starts", (await refused.ReadDocumentAsync()).FieldError("Input.EndDate"), StringComparison.Ordinal);

        using var created = await admin.SubmitFormAsync("/Admin/Terms", new Dictionary<string, string?>
        {
            ["Input.Name"] = "Spring 2031", ["Input.StartDate"] = "2031-02-03", ["Input.EndDate"] = "2031-05-02",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var url = $"/Admin/Terms/{await TermIdAsync("Spring 2031")}";
        Assert.Equal(url, created.Headers.Location?.OriginalString);

        using var taken = await admin.SubmitFormAsync("/Admin/Terms", new Dictionary<string, string?>
        {
            ["Input.Name"] = "Spring 2031", ["Input.StartDate"] = "2031-02-03", ["Input.EndDate"] = "2031-05-02",
        });
        Assert.Contains("exists already", (await taken.ReadDocumentAsync()).FieldError("Input.Name"), StringComparison.Ordinal);

        // Mon Mar 10 and Wed Mar 12 2031 are class days of the course.
        var courseId = await AddCourseAsync("spring-2031-course", "Spring 2031", new(2031, 2, 3), new(2031, 5, 2),
            (new(2031, 3, 10), "Monday lecture"), (new(2031, 3, 12), "Wednesday lecture"));

        using var backwards = await admin.SubmitFormAsync(url, new Dictionary<string, string?>
        {
            ["Holiday.Name"] = "Spring break", ["Holiday.StartDate"] = "2031-03-14", ["Holiday.EndDate"] = "2031-03-08",
        }, "main form.holiday-form");
        var backwardsPage = await backwards.ReadDocumentAsync();
        Assert.True(backwardsPage.FieldError("Holiday.EndDate").Contains("the holiday cannot end before it starts", StringComparison.Ordinal), backwardsPage.QuerySelector("main")?.TextContent);

        using var added = await admin.SubmitFormAsync(await (await admin.SubmitFormAsync(url, new Dictionary<string, string?>
        {
            ["Holiday.Name"] = "Spring break", ["Holiday.StartDate"] = "2031-03-08", ["Holiday.EndDate"] = "2031-03-16",
        }, "main form.holiday-form")).ReadDocumentAsync(), url, new Dictionary<string, string?>(), "main form.confirm-form");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var holidayId = await app.WithDbAsync(db => db.TermHolidays.Where(h => h.Name == "Spring break").Select(h => h.Id).SingleAsync());

        // Shortened to end on Tuesday: Wednesday's lecture is off the holiday, a class day freed.
        using var changing = await admin.SubmitFormAsync($"{url}?holidayId={holidayId}", new Dictionary<string, string?> { ["Holiday.EndDate"] = "2031-03-11" }, "main form.holiday-form");
        var changePreview = await changing.ReadDocumentAsync();
        Assert.Equal(["2031-03-12"], changePreview.QuerySelectorAll(".freed time").Select(t => t.GetAttribute("datetime")));
        Assert.Empty(changePreview.QuerySelectorAll(".on-holiday"));
        using var changed = await admin.SubmitFormAsync(changePreview, url, new Dictionary<string, string?>(), "main form.confirm-form");
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(new DateOnly(2031, 3, 11), await app.WithDbAsync(db => db.TermHolidays.Where(h => h.Id == holidayId).Select(h => h.EndDate).SingleAsync()));

        using var removing = await admin.SubmitFormAsync(url, new Dictionary<string, string?>(), "main form.remove-holiday");
        var removePreview = await removing.ReadDocumentAsync();
        Assert.Equal(["2031-03-10"], removePreview.QuerySelectorAll(".freed time").Select(t => t.GetAttribute("datetime")));
        using var removed = await admin.SubmitFormAsync(removePreview, url, new Dictionary<string, string?>(), "main form.confirm-form");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.TermHolidays.AnyAsync(h => h.Id == holidayId)));

        using var inUse = await admin.SubmitFormAsync(url, new Dictionary<string, string?>(), "main form.delete-term");
        Assert.Equal(HttpStatusCode.OK, inUse.StatusCode);
        Assert.Contains("Spring 2031 cannot be deleted: 1 course uses it (SPRING-2031-COURSE)", (await inUse.ReadDocumentAsync()).QuerySelector(".form-errors")?.TextContent, StringComparison.Ordinal);

        await app.WithDbAsync(async db => await db.Courses.Where(c => c.Id == courseId).ExecuteDeleteAsync());
        using var deleted = await admin.SubmitFormAsync(url, new Dictionary<string, string?>(), "main form.delete-term");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Terms.AnyAsync(t => t.Name == "Spring 2031")));
    }

    [Fact]
    public async Task A_holiday_saved_from_an_older_preview_is_refused_when_the_term_changed_meanwhile()
    {
        var admin = await AdminAsync("terms.conflict.admin@example.edu");
        await app.WithDbAsync(async db =>
        {
            db.Terms.Add(new Term { Name = "Fall 2032", StartDate = new(2032, 9, 1), EndDate = new(2032, 12, 15) });
            await db.SaveChangesAsync();
        });
        var url = $"/Admin/Terms/{await TermIdAsync("Fall 2032")}";

        async Task<AngleSharp.Dom.IDocument> PreviewAsync(string name, string day) =>
            await (await admin.SubmitFormAsync(url, new Dictionary<string, string?> { ["Holiday.Name"] = name, ["Holiday.StartDate"] = day }, "main form.holiday-form")).ReadDocumentAsync();
        var first = await PreviewAsync("First day off", "2032-10-01");
        var second = await PreviewAsync("Second day off", "2032-10-08");

        using var savedFirst = await admin.SubmitFormAsync(first, url, new Dictionary<string, string?>(), "main form.confirm-form");
        using var savedSecond = await admin.SubmitFormAsync(second, url, new Dictionary<string, string?>(), "main form.confirm-form");

        Assert.Equal(HttpStatusCode.Redirect, savedFirst.StatusCode);
        Assert.Equal(HttpStatusCode.OK, savedSecond.StatusCode);
        Assert.Contains("Someone else changed Fall 2032", (await savedSecond.ReadDocumentAsync()).QuerySelector(".form-errors")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(["First day off"], await app.WithDbAsync(db => db.TermHolidays.Where(h => h.Term!.Name == "Fall 2032").Select(h => h.Name).ToListAsync()));
    }

    [Fact]
    public async Task Staff_see_the_terms_holidays_read_only_beside_the_courses_own_which_they_still_add_and_remove()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        await app.CreateUserAsync("terms.staff@example.edu", courseId: courseId, role: CoursePortal.Accounts.StaffRoles.Instructor);
        var staff = await app.SignInAsync("terms.staff@example.edu");
        var url = $"/Staff/Courses/{courseId}/Holidays";

        using var added = await staff.SubmitFormAsync(url, new Dictionary<string, string?> { ["Input.Name"] = "Course trip", ["Input.StartDate"] = "2025-12-01" });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var page = await app.GetDocumentAsync(staff, url);

        var term = page.QuerySelector(".term-holidays")!;
        Assert.Contains("From the term Fall 2025", term.TextContent, StringComparison.Ordinal);
        Assert.Contains("Fall recess", term.TextContent, StringComparison.Ordinal);
        Assert.Contains("Thanksgiving recess", term.TextContent, StringComparison.Ordinal);
        Assert.Empty(term.QuerySelectorAll("form"));
        var own = page.QuerySelector(".own-holidays")!;
        Assert.Contains("Course trip", own.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Fall recess", own.TextContent, StringComparison.Ordinal);

        using var removed = await staff.SubmitFormAsync(page, url, new Dictionary<string, string?>(), ".own-holidays form");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Holidays.AnyAsync(h => h.CourseId == courseId && h.Name == "Course trip")));
        Assert.Equal(2, await app.WithDbAsync(db => db.TermHolidays.CountAsync(h => h.Term!.Name == "Fall 2025" && (h.Name == "Fall recess" || h.Name == "Thanksgiving recess"))));
    }
}
