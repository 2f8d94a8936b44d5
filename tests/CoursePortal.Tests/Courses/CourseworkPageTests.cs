using AngleSharp.Dom;
using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Demo;
using CoursePortal.Materials;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Tests.Courses;

/// <summary>
/// Coursework and sections on the public course page: "Coming up", the schedule rows, the coursework list, release
/// gating of items and their files, the "changed" marker. The demo course meets Mon/Wed in New York; the clock
/// starts at Wed Sep 10, 2025, noon there.
/// </summary>
public sealed class CourseworkPageTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    private const string CourseUrl = "/" + DemoSeeder.Slug;
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static DateTime NewYorkUtc(int month, int day, int hour, int minute = 0) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(2025, month, day, hour, minute, 0), NewYork);

    private async Task<CourseworkItem> AddAsync(string title, DateOnly date, TimeOnly time, TimeOnly? end = null, string? room = null,
        DateTime? releaseAt = null, string kind = CourseworkKinds.Assignment, string description = "")
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        return await app.WithDbAsync(async db =>
        {
            var item = new CourseworkItem
            {
                CourseId = courseId, Kind = kind, Title = title, Date = date, Time = time, EndTime = end, Room = room,
                ReleaseAt = releaseAt, DescriptionMarkdown = description,
            };
            db.CourseworkItems.Add(item);
            await db.SaveChangesAsync();
            return item;
        });
    }

    public const string ShowcaseSlug = "coursework-showcase";

    /// <summary>
    /// A small published course with every kind of coursework mark and a section (added once per portal), so the
    /// page checks (HTML validity, accessibility, phone layout) see that markup.
    /// </summary>
    internal static Task AddShowcaseCourseAsync(PortalApplication portal) =>
        portal.WithDbAsync(async db =>
        {
            if (db.Courses.Any(c => c.Slug == ShowcaseSlug))
            {
                return;
            }

            var start = new DateOnly(2025, 9, 1);
            var course = new Course
            {
                Slug = ShowcaseSlug, Code = "CW 101", Title = "Coursework showcase", TermName = "Fall 2025", TimeZoneId = "America/New_York",
                TermStart = start, TermEnd = start.AddDays(100), MeetingDays = Weekdays.Monday | Weekdays.Wednesday,
                MeetingStart = new(10, 0), MeetingEnd = new(11, 0), Location = "Friend 101", IsPublished = true,
            };
            for (var i = 0; i < 20; i++)
            {
                course.Lectures.Add(new Lecture { Date = start.AddDays(i / 2 * 7 + (i % 2) * 2), Topic = $"Topic {i + 1}" });
            }

            var ta = new StaffMember { Name = "Ada Preceptor", Role = "Teaching assistant", Email = "ada@example.edu" };
            course.Staff.Add(ta);
            db.Courses.Add(course);
            await db.SaveChangesAsync();

            var released = TimeZoneInfo.ConvertTimeToUtc(new DateTime(2025, 9, 3, 9, 0, 0), NewYork);
            var homework = new CourseworkItem
            {
                CourseId = course.Id, Kind = CourseworkKinds.Assignment, Title = "Problem set 1", Date = new DateOnly(2025, 9, 12), Time = new TimeOnly(23, 59),
                ReleaseAt = released, DescriptionMarkdown = "Exercises 1–4. Submit **one PDF**.",
            };
            homework.Materials.Add(new Material { CourseId = course.Id, Title = "Submission site", Kind = MaterialKind.Link, Url = "https://submit.example.edu/cw101" });
            var exam = new CourseworkItem
            {
                CourseId = course.Id, Kind = CourseworkKinds.Exam, Title = "Midterm", Date = new DateOnly(2025, 9, 16), Time = new TimeOnly(15, 0),
                EndTime = new TimeOnly(16, 30), Room = "McCosh 50",
            };
            db.CourseworkItems.AddRange(homework, exam);
            await db.SaveChangesAsync();
            exam.Reschedule(exam.Date, exam.Time, exam.EndTime, "McCosh 10", released.AddDays(1));
            var section = new Section { CourseId = course.Id, Name = "Precept P01", Days = Weekdays.Thursday, StartTime = new(19, 30), EndTime = new(20, 20), Room = "Friend 009" };
            section.Leaders.Add(new SectionLeader { StaffMemberId = ta.Id });
            db.Sections.Add(section);
            await db.SaveChangesAsync();
        });

    private async Task<IDocument> PageAsync() => await app.GetDocumentAsync(app.CreateClient(), CourseUrl);

    [Fact]
    public async Task Coming_up_lists_what_is_due_in_the_next_14_days_in_the_course_zone_soonest_first()
    {
        app.Clock.SetUtcNow(PortalApplication.MidTerm);
        await AddAsync("Problem set 1", new DateOnly(2025, 9, 11), new TimeOnly(23, 59));
        await AddAsync("Quiz on SGD", new DateOnly(2025, 9, 10), new TimeOnly(15, 0), new TimeOnly(15, 20), "Friend 008", kind: CourseworkKinds.Quiz);
        await AddAsync("Far project", new DateOnly(2025, 9, 25), new TimeOnly(23, 59), kind: CourseworkKinds.Project);
        await AddAsync("Long past essay", new DateOnly(2025, 9, 5), new TimeOnly(23, 59));

        var box = (await PageAsync()).QuerySelector(".coming-up")!;
        var items = box.QuerySelectorAll("li").Select(li => li.TextContent.Trim()).ToList();

        Assert.Contains("Quiz on SGD — today, 3:00–3:20 pm, Friend 008", items);
        Assert.Contains("Problem set 1 — due tomorrow, 11:59 pm", items);
        Assert.True(items.FindIndex(i => i.StartsWith("Quiz on SGD", StringComparison.Ordinal)) < items.FindIndex(i => i.StartsWith("Problem set 1", StringComparison.Ordinal)));
        Assert.DoesNotContain(items, i => i.Contains("Far project", StringComparison.Ordinal));
        Assert.DoesNotContain(items, i => i.Contains("Long past essay", StringComparison.Ordinal));
        // The due instant carries New York's offset on that date.
        Assert.Equal("2025-09-11T23:59-04:00", box.QuerySelector("li:nth-child(2) time")!.GetAttribute("datetime"));
    }

    [Fact]
    public async Task Schedule_shows_each_item_on_the_row_of_its_date_and_an_exam_without_a_lecture_gets_its_own_row()
    {
        app.Clock.SetUtcNow(PortalApplication.MidTerm);
        await AddAsync("HW 9", new DateOnly(2025, 9, 15), new TimeOnly(23, 59), releaseAt: NewYorkUtc(9, 8, 9));
        var midterm = await AddAsync("Midterm", new DateOnly(2025, 10, 14), new TimeOnly(15, 0), new TimeOnly(16, 30), "McCosh 10", kind: CourseworkKinds.Exam);
        await AddAsync("HW 0", new DateOnly(2025, 9, 3), new TimeOnly(23, 59));

        var doc = await PageAsync();

        // Due on a lecture day: on that lecture's row; handed out on the row of its release date.
        var dueRow = doc.QuerySelector("tr#lecture-4")!;
        Assert.Contains("Due: HW 9, 11:59 pm", Normalize(dueRow.QuerySelector("ul.work")!.TextContent));
        Assert.Contains("Out: HW 9", Normalize(doc.QuerySelector("tr#lecture-2 ul.work")!.TextContent));
        // An exam on a Tuesday: a dated row of its own, between the Monday and Wednesday lectures.
        var examRow = doc.QuerySelector("tr#day-2025-10-14")!;
        Assert.Contains("Midterm, 3:00–4:30 pm, McCosh 10", Normalize(examRow.TextContent));
        Assert.Null(examRow.QuerySelector(".lecture-number"));
        Assert.Equal($"{CourseUrl}#coursework-{midterm.Id}", examRow.QuerySelector("ul.work a")!.GetAttribute("href"));
        Assert.NotNull(doc.QuerySelector($"#coursework-{midterm.Id}"));
        // Past items stay listed.
        Assert.Contains("Due: HW 0, 11:59 pm", Normalize(doc.QuerySelector("tr#lecture-1 ul.work")!.TextContent));
    }

    [Fact]
    public async Task An_item_before_its_release_is_nowhere_on_the_page_and_its_file_answers_404()
    {
        app.Clock.SetUtcNow(PortalApplication.MidTerm);
        var item = await AddAsync("Secret HW 5", new DateOnly(2025, 9, 24), new TimeOnly(23, 59), releaseAt: NewYorkUtc(9, 17, 9),
            description: "Prove the secret lemma");
        var handout = await AttachPdfAsync(item, "secret-hw5.pdf", visibleFrom: null);
        var solutions = await AttachPdfAsync(item, "secret-hw5-solutions.pdf", visibleFrom: NewYorkUtc(9, 26, 9));
        var client = app.CreateClient();

        var html = await client.GetStringAsync(CourseUrl);
        Assert.DoesNotContain("Secret HW 5", html, StringComparison.Ordinal);
        Assert.DoesNotContain("secret lemma", html, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync(handout)).StatusCode);

        app.Clock.SetUtcNow(new DateTimeOffset(NewYorkUtc(9, 17, 10)));
        var doc = await app.GetDocumentAsync(client, CourseUrl);
        var listed = doc.QuerySelector($"#coursework-{item.Id}")!;
        Assert.Contains("Prove the secret lemma", listed.TextContent);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync(handout)).StatusCode);
        // The solutions keep their own, later release.
        Assert.DoesNotContain("solutions", listed.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync(solutions)).StatusCode);

        app.Clock.SetUtcNow(new DateTimeOffset(NewYorkUtc(9, 26, 10)));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync(solutions)).StatusCode);
    }

    [Fact]
    public async Task A_due_time_or_room_changed_after_release_is_marked_changed_with_the_old_value_for_seven_days()
    {
        app.Clock.SetUtcNow(PortalApplication.MidTerm);
        var item = await AddAsync("Final exam", new DateOnly(2025, 9, 19), new TimeOnly(9, 0), new TimeOnly(12, 0), "McCosh 50", kind: CourseworkKinds.Exam);
        var changedAt = PortalApplication.MidTerm.UtcDateTime;
        await app.WithDbAsync(async db =>
        {
            var stored = await db.CourseworkItems.SingleAsync(i => i.Id == item.Id);
            stored.Reschedule(new DateOnly(2025, 9, 19), new TimeOnly(13, 30), new TimeOnly(16, 30), "McCosh 10", changedAt);
            await db.SaveChangesAsync();
        });

        var marked = (await PageAsync()).QuerySelector($"#coursework-{item.Id}")!;
        Assert.Contains("Changed", marked.TextContent);
        Assert.Contains("was Fri Sep 19, 9:00 am, in McCosh 50", Normalize(marked.TextContent));
        Assert.Contains("1:30–4:30 pm, McCosh 10", Normalize(marked.TextContent));
        // The same marker on the item's schedule row and in "Coming up" (it is 9 days away).
        var page = await PageAsync();
        var row = ScheduleEntry(page, item.Id);
        Assert.NotNull(row.QuerySelector(".badge-changed"));
        Assert.Contains("was Fri Sep 19, 9:00 am, in McCosh 50", Normalize(row.TextContent));
        var soon = ComingUpEntry(page, item.Id);
        Assert.NotNull(soon.QuerySelector(".badge-changed"));
        Assert.Contains("was Fri Sep 19, 9:00 am, in McCosh 50", Normalize(soon.TextContent));

        app.Clock.SetUtcNow(PortalApplication.MidTerm + TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        var laterPage = await PageAsync();
        var later = laterPage.QuerySelector($"#coursework-{item.Id}")!;
        Assert.DoesNotContain("Changed", later.TextContent);
        Assert.DoesNotContain("McCosh 50", later.TextContent);
        Assert.Null(ScheduleEntry(laterPage, item.Id).QuerySelector(".badge-changed"));
        Assert.Null(ComingUpEntry(laterPage, item.Id).QuerySelector(".badge-changed"));
        Assert.DoesNotContain("McCosh 50", ComingUpEntry(laterPage, item.Id).TextContent, StringComparison.Ordinal);
    }

    /// <summary>The schedule's entry (<c>li</c>) for a coursework item, found by its link.</summary>
    private static IElement ScheduleEntry(IDocument page, int id) =>
        page.QuerySelectorAll($"table ul.work a[href$='#coursework-{id}']").Single().Closest("li")!;

    private static IElement ComingUpEntry(IDocument page, int id) =>
        page.QuerySelectorAll($".coming-up a[href$='#coursework-{id}']").Single().Closest("li")!;

    [Fact]
    public async Task Sections_are_listed_beside_office_hours_with_their_leaders()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        await app.WithDbAsync(async db =>
        {
            var ta = await db.StaffMembers.FirstAsync(s => s.CourseId == courseId && s.Name.Contains("Buzaglo"));
            var section = new Section
            {
                CourseId = courseId, Name = "Precept P01", Days = Weekdays.Tuesday | Weekdays.Thursday,
                StartTime = new TimeOnly(19, 30), EndTime = new TimeOnly(20, 20), Room = "Friend 009", Note = "Bring a laptop",
            };
            section.Leaders.Add(new SectionLeader { StaffMemberId = ta.Id });
            db.Sections.Add(section);
            await db.SaveChangesAsync();
        });

        var staff = (await PageAsync()).QuerySelector("#staff")!;

        Assert.Contains("Staff, office hours and sections", staff.QuerySelector("h2")!.TextContent);
        Assert.Contains("Precept P01: Tuesday and Thursday 7:30–8:20 pm, Friend 009 · led by Gon Buzaglo (Bring a laptop)", Normalize(staff.QuerySelector("ul.sections")!.TextContent));
    }

    private async Task<string> AttachPdfAsync(CourseworkItem item, string fileName, DateTime? visibleFrom)
    {
        var bytes = TestPdf.Create(fileName);
        using var scope = app.Services.CreateScope();
        var stored = await FileStoreExtensions.SaveAsync(scope.ServiceProvider.GetRequiredService<IFileStore>(), new MemoryStream(bytes), CancellationToken.None);
        var id = await app.WithDbAsync(async db =>
        {
            var material = new Material
            {
                CourseId = item.CourseId, CourseworkItemId = item.Id, Title = fileName, Kind = MaterialKind.File, FileName = fileName,
                FileHash = stored.Hash, FileSize = bytes.Length, ContentType = "application/pdf", VisibleFrom = visibleFrom,
            };
            db.Materials.Add(material);
            await db.SaveChangesAsync();
            return material.Id;
        });
        return "/" + CourseQueries.FilePath(DemoSeeder.Slug, id, fileName);
    }

    private static string Normalize(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();
}
