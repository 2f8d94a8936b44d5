using System.Net;
using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Staff;

/// <summary>Coursework, its materials and sections in the copy to a new term, through the Copy page.</summary>
public sealed class CourseworkTermCopyTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    // Fall 2025 meets Tue/Thu from Tue Sep 2; Spring 2026 from Tue Jan 13: a shift of 133 days (19 weeks). The winter
    // recess takes two class days, so Lecture 7 (Tue Sep 23) lands on Tue Feb 10, 140 days on, not 133.
    private static readonly Dictionary<string, string?> SpringFields = new()
    {
        ["Input.TermName"] = "Spring 2026",
        ["Input.TermStart"] = "2026-01-13",
        ["Input.TermEnd"] = "2026-05-01",
        ["Input.Holidays"] = "2026-01-19 Martin Luther King Day\n2026-01-27..2026-01-29 Winter recess",
    };

    private static readonly string[] FallTopics = ["Intro", "Regression", "Classification", "Trees", "Kernels", "Networks", "Backprop", "Convolutions"];

    [Fact]
    public async Task The_copy_preview_lists_every_coursework_move_and_the_sections_and_saves_nothing()
    {
        var (client, courseId) = await SeedFallAsync("preview");
        await app.EnsureTermAsync("Spring 2026", new(2026, 1, 13), new(2026, 5, 1));
        var fields = new Dictionary<string, string?>(SpringFields) { ["Input.Slug"] = "preview-spring-2026" };

        using var response = await client.SubmitFormAsync($"/Staff/Courses/{courseId}/Copy", fields, "main form", "button[formaction*='Preview']");
        var doc = await response.ReadDocumentAsync();
        var work = doc.QuerySelectorAll(".copy-preview .work-moves li").Select(li => li.TextContent.Trim()).ToList();
        var sections = doc.QuerySelectorAll(".copy-preview .section-copies li").Select(li => li.TextContent.Trim()).ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(7, work.Count);
        Assert.StartsWith("HW 1: Mon Sep 8, 2025 5:00 pm \u2192 Tue Jan 20, 2026 5:00 pm (4 days after Lecture 2, moved off Martin Luther King Day)", work[0], StringComparison.Ordinal);
        Assert.StartsWith("Survey: Mon Sep 8, 2025 11:59 pm \u2192 Tue Jan 20, 2026 11:59 pm (moved off Martin Luther King Day)", work[1], StringComparison.Ordinal);
        Assert.StartsWith("Reading 1: Thu Sep 18, 2025 10:00 am \u2192 Thu Feb 5, 2026 10:00 am (with Lecture 6)", work[2], StringComparison.Ordinal);
        Assert.StartsWith("HW 3: Mon Sep 22, 2025 11:59 pm \u2192 Mon Feb 9, 2026 11:59 pm (6 days after Lecture 5)", work[3], StringComparison.Ordinal);
        Assert.StartsWith("HW 2: Tue Sep 23, 2025 11:59 pm \u2192 Tue Feb 10, 2026 11:59 pm (with Lecture 7)", work[4], StringComparison.Ordinal);
        Assert.StartsWith("Quiz 0: Thu Oct 2, 2025 10:00 am \u2192 Thu Feb 12, 2026 10:00 am (its lecture is not copied; with the term)", work[5], StringComparison.Ordinal);
        Assert.StartsWith("Midterm: Thu Oct 16, 2025 7:30\u20139:30 pm \u2192 Thu Feb 26, 2026 7:30\u20139:30 pm (with the term)", work[6], StringComparison.Ordinal);
        Assert.Equal(["Precept P01: Wed 1:30\u20132:20 pm, Friend 008, led by Ana Li and Bo Park", "Lab L01: Fri 3:00\u20134:50 pm"], sections);
        // The lecture moves are listed as before, coursework apart from them.
        Assert.Equal(8, doc.QuerySelectorAll(".copy-preview ol li").Length);
        Assert.False(await app.WithDbAsync(db => db.Courses.AnyAsync(c => c.Slug == "preview-spring-2026")));
    }

    [Fact]
    public async Task An_item_tied_to_a_lecture_moves_to_that_lecture_s_new_class_day_at_the_same_local_time_keeping_its_release_gap()
    {
        var copy = await CopyFallAsync("tied");
        var hw = copy.Items.Single(i => i.Title == "HW 2");

        Assert.Equal(new DateOnly(2026, 2, 10), hw.Date);
        Assert.Equal(new TimeOnly(23, 59), hw.Time);
        Assert.Equal(copy.Lectures.Single(l => l.Topic == "Backprop").Id, hw.LectureId);
        Assert.Equal(new DateOnly(2026, 2, 10), copy.Lectures.Single(l => l.Topic == "Backprop").Date);
        // Released 9 am New York time a week before, as in the fall (13:00 UTC then, 14:00 UTC in winter time).
        Assert.Equal(new DateTime(2026, 2, 3, 14, 0, 0, DateTimeKind.Utc), hw.ReleaseAt);
        Assert.Equal("Assignment", hw.Kind);
        Assert.Equal("Backprop by hand.", hw.DescriptionMarkdown);
        Assert.Equal(1, hw.Position);
        // A new item: nobody has seen an older version of it.
        Assert.Equal(0, hw.Sequence);
        Assert.Null(hw.PreviousDate);
        Assert.Null(hw.PreviousTime);
        Assert.Null(hw.PreviousRoom);
        Assert.Null(hw.ChangedAt);
    }

    [Fact]
    public async Task An_item_not_tied_to_a_lecture_moves_with_the_term_and_off_a_holiday_and_one_tied_to_a_cancelled_lecture_moves_with_the_term()
    {
        var copy = await CopyFallAsync("untied");

        var survey = copy.Items.Single(i => i.Title == "Survey");
        Assert.Equal(new DateOnly(2026, 1, 20), survey.Date); // Sep 8 + 133 days is Martin Luther King Day
        Assert.Equal(new TimeOnly(23, 59), survey.Time);
        Assert.Null(survey.LectureId);
        // Moved 134 days like its due date: noon New York time the Tuesday before, as in the fall.
        Assert.Equal(new DateTime(2026, 1, 13, 17, 0, 0, DateTimeKind.Utc), survey.ReleaseAt);

        var quiz = copy.Items.Single(i => i.Title == "Quiz 0");
        Assert.Equal(new DateOnly(2026, 2, 12), quiz.Date);
        Assert.Null(quiz.LectureId);
    }

    [Fact]
    public async Task An_item_due_days_after_its_lecture_stays_as_far_from_it_and_an_unlinked_item_on_a_lecture_s_day_moves_with_that_lecture()
    {
        var copy = await CopyFallAsync("distance");

        // HW 3 is tied to Lecture 5 (Tue Sep 16) and due 6 days later; Lecture 5 lands on Tue Feb 3, so HW 3 on Mon Feb 9,
        // not on Feb 3 and not 133 days on (Jan 26).
        var hw3 = copy.Items.Single(i => i.Title == "HW 3");
        Assert.Equal(new DateOnly(2026, 2, 9), hw3.Date);
        Assert.Equal(copy.Lectures.Single(l => l.Topic == "Kernels").Id, hw3.LectureId);
        Assert.Equal(new DateOnly(2026, 2, 3), copy.Lectures.Single(l => l.Topic == "Kernels").Date);

        // HW 1: 4 days after Lecture 2 (Thu Jan 15) is Martin Luther King Day, so the day after it.
        Assert.Equal(new DateOnly(2026, 1, 20), copy.Items.Single(i => i.Title == "HW 1").Date);

        // Reading 1 is not linked but due on Lecture 6's day (Thu Sep 18): it stays on Lecture 6's day (Thu Feb 5),
        // where the term's shift would have put it in the winter recess.
        var reading = copy.Items.Single(i => i.Title == "Reading 1");
        Assert.Equal(new DateOnly(2026, 2, 5), reading.Date);
        Assert.Equal(new DateOnly(2026, 2, 5), copy.Lectures.Single(l => l.Topic == "Networks").Date);
        Assert.Null(reading.LectureId);
    }

    [Fact]
    public async Task An_exam_keeps_its_hours_room_and_kind()
    {
        var copy = await CopyFallAsync("exam");
        var exam = copy.Items.Single(i => i.Title == "Midterm");

        Assert.Equal(new DateOnly(2026, 2, 26), exam.Date);
        Assert.Equal(new TimeOnly(19, 30), exam.Time);
        Assert.Equal(new TimeOnly(21, 30), exam.EndTime);
        Assert.Equal("McCosh 50", exam.Room);
        Assert.Equal("Exam", exam.Kind);
        Assert.Equal(2, exam.Position);
        Assert.Null(exam.ReleaseAt);
    }

    [Fact]
    public async Task Sections_copy_as_they_are_led_by_the_copies_of_their_leaders()
    {
        var copy = await CopyFallAsync("sections");

        Assert.Equal(["Lab L01", "Precept P01"], copy.Sections.Select(s => s.Name).Order(StringComparer.Ordinal));
        var precept = copy.Sections.Single(s => s.Name == "Precept P01");
        Assert.Equal(Weekdays.Wednesday, precept.Days);
        Assert.Equal((new TimeOnly(13, 30), new TimeOnly(14, 20)), (precept.StartTime, precept.EndTime));
        Assert.Equal("Friend 008", precept.Room);
        Assert.Equal("Bring a laptop", precept.Note);
        Assert.Equal(["Ana Li", "Bo Park"], precept.Leaders.Select(l => l.StaffMember!.Name).Order(StringComparer.Ordinal));
        Assert.All(precept.Leaders, l => Assert.Equal(copy.CourseId, l.StaffMember!.CourseId));
        Assert.Empty(copy.Sections.Single(s => s.Name == "Lab L01").Leaders);
    }

    [Fact]
    public async Task A_material_of_an_item_stays_with_the_copy_of_the_item_released_as_much_later()
    {
        var copy = await CopyFallAsync("materials");
        var handout = copy.Materials.Single(m => m.Title == "HW 2 handout");

        Assert.Equal(copy.Items.Single(i => i.Title == "HW 2").Id, handout.CourseworkItemId);
        Assert.Null(handout.LectureId);
        Assert.Equal("https://example.edu/hw2", handout.Url);
        Assert.Equal(new DateTime(2026, 2, 3, 14, 0, 0, DateTimeKind.Utc), handout.VisibleFrom);
        // The old term's handout stays with the old item.
        var oldHandout = await app.WithDbAsync(db => db.Materials.Include(m => m.CourseworkItem).SingleAsync(m => m.Title == "HW 2 handout" && m.Course!.Slug == "materials-fall-2025"));
        Assert.Equal(new DateOnly(2025, 9, 23), oldHandout.CourseworkItem!.Date);
    }

    private sealed record Copied(int CourseId, List<Lecture> Lectures, List<CourseworkItem> Items, List<Section> Sections, List<Material> Materials);

    /// <summary>Seeds the fall course, previews and copies it to Spring 2026 through the page, and loads the copy.</summary>
    private async Task<Copied> CopyFallAsync(string name)
    {
        var (client, courseId) = await SeedFallAsync(name);
        await app.EnsureTermAsync("Spring 2026", new(2026, 1, 13), new(2026, 5, 1));
        var url = $"/Staff/Courses/{courseId}/Copy";
        var fields = new Dictionary<string, string?>(SpringFields) { ["Input.Slug"] = $"{name}-spring-2026" };
        using var previewResponse = await client.SubmitFormAsync(url, fields, "main form", "button[formaction*='Preview']");
        var preview = await previewResponse.ReadDocumentAsync();

        using var copied = await client.SubmitFormAsync(preview, url, fields, "main form", "button[formaction*='handler=Copy']");

        Assert.Equal(HttpStatusCode.Redirect, copied.StatusCode);
        return await app.WithDbAsync(async db =>
        {
            var course = await db.Courses.AsNoTracking().Include(c => c.Lectures).Include(c => c.Materials).SingleAsync(c => c.Slug == $"{name}-spring-2026");
            var items = await db.CourseworkItems.AsNoTracking().Where(i => i.CourseId == course.Id).ToListAsync();
            var sections = await db.Sections.AsNoTracking().Include(s => s.Leaders).ThenInclude(l => l.StaffMember).Where(s => s.CourseId == course.Id).ToListAsync();
            return new Copied(course.Id, course.Lectures, items, sections, course.Materials);
        });
    }

    /// <summary>
    /// "{name}-fall-2025": Tue/Thu lectures 1–8 from Sep 2 (Lecture 7 "Backprop" on Sep 23) and a cancelled one on
    /// Oct 2; HW 2 due with Lecture 7 (released a week before, with a handout), HW 1 due 4 days after Lecture 2, HW 3 due
    /// 6 days after Lecture 5, Reading 1 not linked but on Lecture 6's day, a survey not tied to a lecture, a quiz tied
    /// to the cancelled lecture, a midterm; two sections, one led by two TAs. Returns an instructor's client.
    /// </summary>
    private async Task<(HttpClient Client, int CourseId)> SeedFallAsync(string name)
    {
        var courseId = await app.WithDbAsync(async db =>
        {
            var course = new Course
            {
                Slug = $"{name}-fall-2025", Code = "COS 324", Title = "Learning", TermName = "Fall 2025",
                TermStart = new(2025, 9, 2), TermEnd = new(2025, 12, 12), MeetingDays = Weekdays.Tuesday | Weekdays.Thursday,
                MeetingStart = new(10, 0), MeetingEnd = new(11, 20),
            };
            var dates = MeetingPattern.Dates(course.TermStart, course.TermEnd, course.MeetingDays, []);
            course.Lectures.AddRange(FallTopics.Select((topic, i) => new Lecture { Date = dates[i], Topic = topic }));
            var cancelled = new Lecture { Date = new(2025, 10, 2), Topic = "Guest talk", Status = LectureStatus.Cancelled };
            course.Lectures.Add(cancelled);
            var ana = new StaffMember { Name = "Ana Li", Role = "Teaching assistant", SortOrder = 1 };
            var bo = new StaffMember { Name = "Bo Park", Role = "Teaching assistant", SortOrder = 2 };
            course.Staff.AddRange([new StaffMember { Name = "Cy Ng", Role = "Instructor" }, ana, bo]);

            var hw = new CourseworkItem
            {
                Course = course, Kind = "Assignment", Title = "HW 2", DescriptionMarkdown = "Backprop by hand.",
                Date = new(2025, 9, 23), Time = new(23, 59), Lecture = course.Lectures.Single(l => l.Topic == "Backprop"),
                ReleaseAt = new DateTime(2025, 9, 16, 13, 0, 0, DateTimeKind.Utc), Position = 1,
                Sequence = 3, PreviousDate = new(2025, 9, 21), PreviousTime = new(17, 0), PreviousRoom = "Old room",
                ChangedAt = new DateTime(2025, 9, 17, 12, 0, 0, DateTimeKind.Utc),
            };
            db.CourseworkItems.AddRange(
                hw,
                new CourseworkItem
                {
                    Course = course, Kind = "Assignment", Title = "Survey", Date = new(2025, 9, 8), Time = new(23, 59),
                    ReleaseAt = new DateTime(2025, 9, 1, 16, 0, 0, DateTimeKind.Utc),
                },
                new CourseworkItem { Course = course, Kind = "Quiz", Title = "Quiz 0", Date = new(2025, 10, 2), Time = new(10, 0), Lecture = cancelled },
                new CourseworkItem
                {
                    Course = course, Kind = "Assignment", Title = "HW 1", Date = new(2025, 9, 8), Time = new(17, 0),
                    Lecture = course.Lectures.Single(l => l.Topic == "Regression"),
                },
                new CourseworkItem
                {
                    Course = course, Kind = "Assignment", Title = "HW 3", Date = new(2025, 9, 22), Time = new(23, 59),
                    Lecture = course.Lectures.Single(l => l.Topic == "Kernels"),
                },
                new CourseworkItem { Course = course, Kind = "Reading", Title = "Reading 1", Date = new(2025, 9, 18), Time = new(10, 0) },
                new CourseworkItem
                {
                    Course = course, Kind = "Exam", Title = "Midterm", Date = new(2025, 10, 16), Time = new(19, 30), EndTime = new(21, 30),
                    Room = "McCosh 50", Position = 2,
                });
            course.Materials.Add(new Material
            {
                Title = "HW 2 handout", Kind = MaterialKind.Link, Url = "https://example.edu/hw2", CourseworkItem = hw,
                VisibleFrom = new DateTime(2025, 9, 16, 13, 0, 0, DateTimeKind.Utc),
            });
            var precept = new Section
            {
                Course = course, Name = "Precept P01", Days = Weekdays.Wednesday, StartTime = new(13, 30), EndTime = new(14, 20),
                Room = "Friend 008", Note = "Bring a laptop",
            };
            precept.Leaders.AddRange([new SectionLeader { StaffMember = ana }, new SectionLeader { StaffMember = bo }]);
            db.Sections.AddRange(precept, new Section { Course = course, Name = "Lab L01", Days = Weekdays.Friday, StartTime = new(15, 0), EndTime = new(16, 50) });
            db.Courses.Add(course);
            await db.SaveChangesAsync();
            return course.Id;
        });
        var email = $"{name}-instructor@example.edu";
        await app.CreateUserAsync(email, courseId: courseId, role: "Instructor");
        return (await app.SignInAsync(email), courseId);
    }
}
