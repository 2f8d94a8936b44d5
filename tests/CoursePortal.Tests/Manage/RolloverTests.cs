using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CoursePortal.Data;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Manage;

/// <summary>Rolling many courses into a new term and publishing the copies together, through /Manage/Rollover and /Manage/Publish.</summary>
public sealed class RolloverTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    /// <summary>Mondays and Wednesdays, Jan 6–22, 2031, with Mon Jan 13 a holiday: class days Jan 6, 8, 15, 20, 22.</summary>
    private static Term Target(string name) => new()
    {
        Name = name, StartDate = new(2031, 1, 6), EndDate = new(2031, 1, 22),
        Holidays = { new TermHoliday { Name = "Winter holiday", StartDate = new(2031, 1, 13), EndDate = new(2031, 1, 13) } },
    };

    [Fact]
    public async Task Rollover_previews_each_course_then_puts_lecture_N_on_class_day_N_around_the_new_terms_holiday()
    {
        var (from, to) = await TermsAsync("r1");
        var small = await CourseAsync("R1 101", from, lectures: 4);
        var large = await CourseAsync("R1 202", from, lectures: 7);
        var client = await AdminAsync("r1.admin@example.edu");
        var url = $"/Manage/Rollover?From={Uri.EscapeDataString(from)}&To={Uri.EscapeDataString(to)}";

        var page = await app.GetDocumentAsync(client, url);
        Assert.Equal([small, large], page.QuerySelectorAll("input[name=Selected]:checked").Select(i => int.Parse(i.GetAttribute("value")!, CultureInfo.InvariantCulture)).Order());

        using var previewResponse = await client.SubmitFormAsync(page, url, new Dictionary<string, string?>(), "main form[method=post]", "button[formaction*='Preview']");
        Assert.True(previewResponse.StatusCode == HttpStatusCode.OK, string.Join("\n", app.Logs.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error).Select(e => e.Message)));
        var preview = await previewResponse.ReadDocumentAsync();
        string Count(int id, string kind) => preview.QuerySelector($"article[data-course='{id}'] .rollover-counts .{kind}")!.TextContent;
        Assert.StartsWith("4 lectures moved", Count(small, "moved"), StringComparison.Ordinal);
        Assert.StartsWith("0 lectures dropped", Count(small, "dropped"), StringComparison.Ordinal);
        Assert.StartsWith("1 class day added", Count(small, "added"), StringComparison.Ordinal);
        Assert.StartsWith("1 coursework item moved", Count(small, "work"), StringComparison.Ordinal);
        Assert.StartsWith("5 lectures moved", Count(large, "moved"), StringComparison.Ordinal);
        Assert.StartsWith("2 lectures dropped", Count(large, "dropped"), StringComparison.Ordinal);
        Assert.Contains("2 lectures do not fit", preview.QuerySelector($"article[data-course='{large}'] .rollover-warnings")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Lecture 3: Wed Sep 11, 2030 \u2192 Wed Jan 15, 2031", preview.QuerySelector($"article[data-course='{small}'] details")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await CopiesAsync(small, to));

        using var applied = await client.SubmitFormAsync(preview, url, new Dictionary<string, string?>(), "main form[method=post]", "button[formaction*='Apply']");
        var result = await applied.ReadDocumentAsync();
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        Assert.Equal(2, result.QuerySelectorAll(".rollover-result li.outcome.made").Length);

        var copy = await app.WithDbAsync(db => db.Courses.AsNoTracking().Include(c => c.Lectures).Include(c => c.Holidays).SingleAsync(c => c.CopiedFromId == small && c.TermName == to));
        Assert.False(copy.IsPublished);
        Assert.Equal("r1-101-r1-spring-2031", copy.Slug);
        Assert.Equal((new DateOnly(2031, 1, 6), new DateOnly(2031, 1, 22)), (copy.TermStart, copy.TermEnd));
        // N → class day N; lecture 3 would fall on the holiday (Mon Jan 13) and goes to the next class day.
        Assert.Equal([new(2031, 1, 6), new(2031, 1, 8), new(2031, 1, 15), new DateOnly(2031, 1, 20)], copy.Lectures.OrderBy(l => l.Date).Select(l => l.Date));
        Assert.Equal(["Topic 1", "Topic 2", "Topic 3", "Topic 4"], copy.Lectures.OrderBy(l => l.Date).Select(l => l.Topic));
        // The old term's own holiday stays behind; the new term's reaches the copy through its term.
        Assert.Empty(copy.Holidays);
        Assert.Equal(new DateOnly(2031, 1, 15), await app.WithDbAsync(db => db.CourseworkItems.Where(i => i.CourseId == copy.Id).Select(i => i.Date).SingleAsync()));
        Assert.Equal(5, await app.WithDbAsync(db => db.Lectures.CountAsync(l => l.Course!.CopiedFromId == large && l.Course.TermName == to)));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == nameof(Course) && a.EntityId == copy.Id.ToString(CultureInfo.InvariantCulture) && a.Action == "Create")));
    }

    [Fact]
    public async Task A_second_rollover_into_the_same_term_makes_no_second_copy_and_links_the_first()
    {
        var (from, to) = await TermsAsync("r2");
        var id = await CourseAsync("R2 101", from, lectures: 3);
        var client = await AdminAsync("r2.admin@example.edu");
        var url = $"/Manage/Rollover?From={Uri.EscapeDataString(from)}&To={Uri.EscapeDataString(to)}";

        using (var first = await client.SubmitFormAsync(url, new Dictionary<string, string?>(), "main form[method=post]", "button[formaction*='Preview']"))
        {
            using var made = await client.SubmitFormAsync(await first.ReadDocumentAsync(), url, new Dictionary<string, string?>(), "main form[method=post]", "button[formaction*='Apply']");
            Assert.Single((await made.ReadDocumentAsync()).QuerySelectorAll("li.outcome.made"));
        }

        var copyId = await app.WithDbAsync(db => db.Courses.Where(c => c.CopiedFromId == id && c.TermName == to).Select(c => c.Id).SingleAsync());
        using var again = await client.SubmitFormAsync(url, new Dictionary<string, string?>(), "main form[method=post]", "button[formaction*='Preview']");
        var preview = await again.ReadDocumentAsync();
        var already = preview.QuerySelector($"article[data-course='{id}'] .already")!;
        Assert.Contains("Already rolled over", already.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/Staff/Courses/{copyId}/Lectures", already.QuerySelector("a")!.GetAttribute("href"));
        Assert.Null(preview.QuerySelector("button[formaction*='Apply']"));

        // Posted anyway (a stale page): the course is skipped, not copied again.
        var page = await app.GetDocumentAsync(client, url);
        using var stale = await client.PostAsync(url.Replace("?", "?handler=Apply&", StringComparison.Ordinal), new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", page.QuerySelector("main form[method=post] input[name=__RequestVerificationToken]")!.GetAttribute("value")!),
            new("From", from), new("To", to), new("Selected", id.ToString(CultureInfo.InvariantCulture)),
        ]));
        Assert.Single((await stale.ReadDocumentAsync()).QuerySelectorAll("li.outcome.skipped"));
        Assert.Equal(1, await CopiesAsync(id, to));
    }

    [Fact]
    public async Task A_department_admin_sees_and_rolls_only_their_departments_courses_and_a_tampered_id_copies_nothing()
    {
        var (from, to) = await TermsAsync("r3");
        var mine = await CourseAsync("R3 101", from, lectures: 2, department: "R3A");
        var theirs = await CourseAsync("R3 202", from, lectures: 2, department: "R3B");
        var client = await DepartmentAdminAsync("r3.head@example.edu", "R3A");
        var url = $"/Manage/Rollover?From={Uri.EscapeDataString(from)}&To={Uri.EscapeDataString(to)}";

        var page = await app.GetDocumentAsync(client, url);
        Assert.Equal([mine], page.QuerySelectorAll("input[name=Selected]").Select(i => int.Parse(i.GetAttribute("value")!, CultureInfo.InvariantCulture)));

        using var tampered = await client.SubmitFormAsync(page, url, new Dictionary<string, string?> { ["Selected"] = theirs.ToString(CultureInfo.InvariantCulture) }, "main form[method=post]", "button[formaction*='Preview']");
        var refused = await tampered.ReadDocumentAsync();
        Assert.Contains("not courses of", refused.QuerySelector(".form-errors")!.TextContent, StringComparison.Ordinal);
        using var tamperedApply = await client.PostAsync(url.Replace("?", "?handler=Apply&", StringComparison.Ordinal), new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", page.QuerySelector("main form[method=post] input[name=__RequestVerificationToken]")!.GetAttribute("value")!),
            new("From", from), new("To", to), new("Selected", mine.ToString(CultureInfo.InvariantCulture)), new("Selected", theirs.ToString(CultureInfo.InvariantCulture)),
        ]));
        Assert.Contains("nothing was rolled over", (await tamperedApply.ReadDocumentAsync()).QuerySelector(".form-errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await CopiesAsync(mine, to));
        Assert.Equal(0, await CopiesAsync(theirs, to));

        using var preview = await client.SubmitFormAsync(page, url, new Dictionary<string, string?>(), "main form[method=post]", "button[formaction*='Preview']");
        using var applied = await client.SubmitFormAsync(await preview.ReadDocumentAsync(), url, new Dictionary<string, string?>(), "main form[method=post]", "button[formaction*='Apply']");
        Assert.Single((await applied.ReadDocumentAsync()).QuerySelectorAll("li.outcome.made"));
        Assert.Equal(1, await CopiesAsync(mine, to));
        Assert.Equal(0, await CopiesAsync(theirs, to));
    }

    [Fact]
    public async Task A_taken_address_is_named_in_the_preview_and_the_copy_gets_the_next_free_one()
    {
        var (from, to) = await TermsAsync("r6");
        var id = await CourseAsync("R6 101", from, lectures: 2);
        await app.WithDbAsync(async db =>
        {
            db.Courses.Add(new Course { Slug = "r6-101-r6-spring-2031", Code = "X", Title = "In the way", TermName = from, TermStart = new(2030, 9, 2), TermEnd = new(2030, 12, 13) });
            await db.SaveChangesAsync();
        });
        var client = await AdminAsync("r6.admin@example.edu");
        var url = $"/Manage/Rollover?From={Uri.EscapeDataString(from)}&To={Uri.EscapeDataString(to)}";

        using var previewResponse = await client.SubmitFormAsync(url, new Dictionary<string, string?> { ["Selected"] = id.ToString(CultureInfo.InvariantCulture) }, "main form[method=post]", "button[formaction*='Preview']");
        var preview = await previewResponse.ReadDocumentAsync();
        Assert.Contains("The address /r6-101-r6-spring-2031 is taken; the copy gets /r6-101-r6-spring-2031-2.",
            preview.QuerySelector($"article[data-course='{id}'] .rollover-warnings")!.TextContent, StringComparison.Ordinal);

        using var applied = await client.SubmitFormAsync(preview, url, new Dictionary<string, string?>(), "main form[method=post]", "button[formaction*='Apply']");
        Assert.Single((await applied.ReadDocumentAsync()).QuerySelectorAll("li.outcome.made"));
        Assert.Equal("r6-101-r6-spring-2031-2", await app.WithDbAsync(db => db.Courses.Where(c => c.CopiedFromId == id).Select(c => c.Slug).SingleAsync()));
    }

    [Fact]
    public async Task Publish_selected_publishes_the_ticked_courses_of_the_term_in_one_audited_save()
    {
        var (from, _) = await TermsAsync("r4");
        var a = await CourseAsync("R4 101", from, lectures: 1);
        var b = await CourseAsync("R4 102", from, lectures: 1);
        var c = await CourseAsync("R4 103", from, lectures: 1);
        var client = await AdminAsync("r4.admin@example.edu");
        var url = $"/Manage/Publish?Term={Uri.EscapeDataString(from)}";

        var page = await app.GetDocumentAsync(client, url);
        Assert.Equal([a, b, c], page.QuerySelectorAll("input[name=Selected]").Select(i => int.Parse(i.GetAttribute("value")!, CultureInfo.InvariantCulture)));
        var form = page.QuerySelector<IHtmlFormElement>("main form[method=post]")!;
        form.QuerySelector<IHtmlInputElement>($"input[name=Selected][value='{c}']")!.IsChecked = false;
        using var published = await client.SubmitFormAsync(form, url, new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);

        var states = await app.WithDbAsync(db => db.Courses.Where(x => x.TermName == from).OrderBy(x => x.Id).Select(x => x.IsPublished).ToListAsync());
        Assert.Equal([true, true, false], states);
        Assert.Equal(2, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.EntityType == nameof(Course) && (e.EntityId == a.ToString(CultureInfo.InvariantCulture) || e.EntityId == b.ToString(CultureInfo.InvariantCulture)) && e.Action == "Update")));
        var after = await app.GetDocumentAsync(client, url);
        Assert.Equal([c], after.QuerySelectorAll("input[name=Selected]").Select(i => int.Parse(i.GetAttribute("value")!, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Publishing_a_course_saved_since_the_list_was_shown_publishes_nothing()
    {
        var (from, _) = await TermsAsync("r5");
        var a = await CourseAsync("R5 101", from, lectures: 1);
        var b = await CourseAsync("R5 102", from, lectures: 1);
        var client = await AdminAsync("r5.admin@example.edu");
        var url = $"/Manage/Publish?Term={Uri.EscapeDataString(from)}";
        var page = await app.GetDocumentAsync(client, url);
        await app.WithDbAsync(async db =>
        {
            var course = await db.Courses.SingleAsync(x => x.Id == b);
            course.Title = "Renamed meanwhile";
            await db.SaveChangesAsync();
        });

        using var refused = await client.SubmitFormAsync(page, url, new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("nothing was published", (await refused.ReadDocumentAsync()).QuerySelector(".form-errors")!.TextContent, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Courses.AnyAsync(x => (x.Id == a || x.Id == b) && x.IsPublished)));
    }

    private Task<int> CopiesAsync(int sourceId, string term) =>
        app.WithDbAsync(db => db.Courses.CountAsync(c => c.CopiedFromId == sourceId && c.TermName == term));

    private async Task<(string From, string To)> TermsAsync(string prefix)
    {
        var from = new Term { Name = $"{prefix.ToUpperInvariant()} Fall 2030", StartDate = new(2030, 9, 2), EndDate = new(2030, 12, 13) };
        var to = Target($"{prefix.ToUpperInvariant()} Spring 2031");
        await app.WithDbAsync(async db =>
        {
            db.Terms.AddRange(from, to);
            await db.SaveChangesAsync();
        });
        return (from.Name, to.Name);
    }

    /// <summary>A course meeting Mon/Wed from Sep 2, 2030: lecture N on the Nth class day, a homework due with lecture 3, a holiday of its own.</summary>
    private Task<int> CourseAsync(string code, string term, int lectures, string? department = null) => app.WithDbAsync(async db =>
    {
        int? departmentId = null;
        if (department is not null)
        {
            var d = await db.Departments.SingleOrDefaultAsync(x => x.Code == department) ?? db.Departments.Add(new Department { Code = department, Name = department }).Entity;
            await db.SaveChangesAsync();
            departmentId = d.Id;
        }

        var course = new Course
        {
            Slug = code.ToLowerInvariant().Replace(' ', '-') + "-fall-2030", Code = code, Title = $"Course {code}", TermName = term,
            TermStart = new(2030, 9, 2), TermEnd = new(2030, 12, 13), MeetingDays = Weekdays.Monday | Weekdays.Wednesday,
            MeetingStart = new(10, 0), MeetingEnd = new(11, 20), DepartmentId = departmentId,
        };
        var dates = new[] { new DateOnly(2030, 9, 2), new(2030, 9, 4), new(2030, 9, 11), new(2030, 9, 16), new(2030, 9, 18), new(2030, 9, 23), new(2030, 9, 25) };
        course.Lectures.AddRange(dates.Take(lectures).Select((d, i) => new Lecture { Date = d, Topic = $"Topic {i + 1}" }));
        course.Holidays.Add(new Holiday { Name = "Labor Day week", StartDate = new(2030, 9, 9), EndDate = new(2030, 9, 9) });
        course.Staff.Add(new StaffMember { Name = "Ada Lovelace", Role = "Instructor" });
        db.Courses.Add(course);
        await db.SaveChangesAsync();
        if (lectures >= 3)
        {
            var third = course.Lectures.OrderBy(l => l.Date).ElementAt(2);
            db.CourseworkItems.Add(new CourseworkItem { CourseId = course.Id, Kind = "Assignment", Title = "HW 1", Date = third.Date, LectureId = third.Id });
            await db.SaveChangesAsync();
        }

        return course.Id;
    });

    private async Task<HttpClient> AdminAsync(string email)
    {
        await app.CreateUserAsync(email, admin: true);
        return await app.SignInAsync(email);
    }

    private async Task<HttpClient> DepartmentAdminAsync(string email, string department)
    {
        var userId = await app.CreateUserAsync(email);
        await app.WithDbAsync(async db =>
        {
            var d = await db.Departments.SingleAsync(x => x.Code == department);
            db.DepartmentAdmins.Add(new DepartmentAdmin { DepartmentId = d.Id, UserId = userId });
            await db.SaveChangesAsync();
        });
        return await app.SignInAsync(email);
    }
}
