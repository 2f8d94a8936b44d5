using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Staff;

/// <summary>The schedule check's findings about coursework and sections, and their links on the staff pages.</summary>
public sealed class CourseworkScheduleCheckTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    [Fact]
    public void The_schedule_check_finds_a_deadline_on_a_holiday_an_exam_during_a_lecture_and_two_exams_on_one_day()
    {
        var (course, lectures, holidays) = CheckedCourse();
        var items = new[]
        {
            Item(1, "HW 1", 1, 19, new(23, 59)),
            Item(2, "Quiz 1", 1, 8, new(10, 30), new(11, 0)),
            Item(3, "Midterm A", 2, 3, new(9, 0), new(10, 0)),
            Item(4, "Midterm B", 2, 3, new(19, 0), new(21, 0)),
        };

        var findings = ScheduleCheck.Run(course, lectures, holidays, items, []);

        Assert.Equal(
        [
            "01-08 Quiz 1: held during Lecture 2 (10:00\u201311:20 am) /Staff/Courses/7/Coursework/Edit/2",
            "01-19 HW 1: due on a holiday (Martin Luther King Day) /Staff/Courses/7/Coursework/Edit/1",
            "02-03 Midterm A and Midterm B: 2 exams on one day /Staff/Courses/7/Coursework/Edit/3 /Staff/Courses/7/Coursework/Edit/4",
        ], findings.Select(Show));
    }

    [Fact]
    public void An_in_class_quiz_is_no_clash_but_an_exam_of_a_typed_kind_is_and_one_on_a_holiday_is_found()
    {
        var (course, lectures, holidays) = CheckedCourse();
        CourseworkItem Of(string kind, CourseworkItem item)
        {
            item.Kind = kind;
            return item;
        }

        var items = new[]
        {
            // In class, during Lecture 2, and beside an exam that evening: a quiz clashes with neither.
            Of(CourseworkKinds.Quiz, Item(1, "Quiz 1", 1, 8, new(10, 30), new(10, 50))),
            Of("Midterm", Item(2, "Midterm 1", 1, 8, new(19, 0), new(21, 0))),
            Of("Final exam", Item(3, "Final", 1, 27, new(10, 0), new(12, 0))),
            Of(CourseworkKinds.Quiz, Item(4, "Quiz 2", 1, 19, new(10, 0), new(10, 20))),
        };

        var findings = ScheduleCheck.Run(course, lectures, holidays, items, []);

        Assert.Equal(
        [
            "01-19 Quiz 2: held on a holiday (Martin Luther King Day) /Staff/Courses/7/Coursework/Edit/4",
            "01-27 Final: held during Lecture 5 (10:00–11:20 am) /Staff/Courses/7/Coursework/Edit/3",
        ], findings.Select(Show));
    }

    [Theory]
    [InlineData("Exam", true)]
    [InlineData("Final exam", true)]
    [InlineData("Midterm", true)]
    [InlineData("Prelim 1", true)]
    [InlineData("Test 2", true)]
    [InlineData("FINALS", true)]
    [InlineData("Quiz", false)]
    [InlineData("Worked examples", false)]
    [InlineData("Project presentation", false)]
    public void An_exam_is_a_kind_with_an_exam_word(string kind, bool exam) => Assert.Equal(exam, CourseworkKinds.IsExam(kind));

    [Fact]
    public void The_schedule_check_finds_coursework_due_or_held_outside_the_term()
    {
        var (course, lectures, holidays) = CheckedCourse();
        var items = new[] { Item(1, "HW 0", 1, 2, new(23, 59)), Item(2, "Final", 4, 2, new(9, 0), new(12, 0)), Item(3, "HW 9", 3, 31, new(23, 59)) };

        var findings = ScheduleCheck.Run(course, lectures, holidays, items, []);

        Assert.Equal(
        [
            "01-02 HW 0: due before the term starts (Mon Jan 5, 2026) /Staff/Courses/7/Coursework/Edit/1",
            "04-02 Final: held after the term ends (Tue Mar 31, 2026) /Staff/Courses/7/Coursework/Edit/2",
        ], findings.Select(Show));
    }

    [Fact]
    public void The_schedule_check_finds_a_section_without_a_weekday_and_one_that_never_meets_in_the_term()
    {
        var course = new Course { Id = 7, Slug = "x", Code = "X", Title = "X", TermName = "T", TermStart = new(2026, 1, 5), TermEnd = new(2026, 1, 9) };
        var sections = new[]
        {
            new Section { Id = 1, Name = "Weekend lab", Days = Weekdays.Saturday | Weekdays.Sunday, StartTime = new(10, 0), EndTime = new(12, 0) },
            new Section { Id = 2, Name = "Unset", Days = Weekdays.None, StartTime = new(10, 0), EndTime = new(11, 0) },
            new Section { Id = 3, Name = "Precept", Days = Weekdays.Friday | Weekdays.Saturday, StartTime = new(10, 0), EndTime = new(11, 0) },
        };

        var findings = ScheduleCheck.Run(course, [], [], [], sections);

        Assert.Equal(
        [
            "- Unset: meets on no weekday /Staff/Courses/7/Sections/Edit/2",
            "- Weekend lab: never meets in the term: no Saturday or Sunday falls between Mon Jan 5, 2026 and Fri Jan 9, 2026 /Staff/Courses/7/Sections/Edit/1",
        ], findings.Select(Show));
    }

    [Fact]
    public void The_schedule_check_finds_nothing_in_a_clean_course_with_coursework_and_sections()
    {
        var (course, lectures, holidays) = CheckedCourse();
        var items = new[]
        {
            Item(1, "HW 1", 1, 20, new(23, 59)),
            // Right after the lecture; on the day of a cancelled lecture; during the hours a lecture was moved away from.
            Item(2, "Quiz 1", 1, 8, new(11, 20), new(11, 50)),
            Item(3, "Quiz 2", 1, 15, new(10, 0), new(11, 0)),
            Item(4, "Quiz 3", 1, 13, new(10, 0), new(11, 0)),
            // A deadline and an exam on one day are not two exams.
            Item(5, "HW 2", 2, 3, new(9, 0)),
            Item(6, "Midterm", 2, 3, new(19, 0), new(21, 0)),
        };
        var sections = new[] { new Section { Id = 1, Name = "Precept", Days = Weekdays.Wednesday, StartTime = new(13, 30), EndTime = new(14, 20) } };

        Assert.Empty(ScheduleCheck.Run(course, lectures, holidays, items, sections));
    }

    [Fact]
    public async Task The_staff_pages_link_each_coursework_and_section_finding_to_its_edit_page()
    {
        var (courseId, itemId, sectionId) = await app.WithDbAsync(async db =>
        {
            var course = new Course
            {
                Slug = "check-fall-2025", Code = "CHK", Title = "Checked", TermName = "Fall 2025", TermStart = new(2025, 9, 1), TermEnd = new(2025, 12, 12),
                MeetingDays = Weekdays.Tuesday | Weekdays.Thursday, MeetingStart = new(10, 0), MeetingEnd = new(11, 20),
            };
            course.Lectures.Add(new Lecture { Date = new(2025, 9, 2), Topic = "Intro" });
            course.Holidays.Add(new Holiday { Name = "Labor Day", StartDate = new(2025, 9, 1), EndDate = new(2025, 9, 1) });
            var item = new CourseworkItem { Course = course, Kind = "Assignment", Title = "HW 0", Date = new(2025, 9, 1), Time = new(23, 59) };
            var section = new Section { Course = course, Name = "Unscheduled lab", Days = Weekdays.Friday, StartTime = new(9, 0), EndTime = new(10, 0) };
            db.Courses.Add(course);
            db.CourseworkItems.Add(item);
            db.Sections.Add(section);
            await db.SaveChangesAsync();
            // Saves refuse a section without a weekday; one stored before that rule still shows up in the check.
            await db.Database.ExecuteSqlAsync($"UPDATE \"Sections\" SET \"Days\" = 0 WHERE \"Id\" = {section.Id}");
            return (course.Id, item.Id, section.Id);
        });
        await app.CreateUserAsync("checker@example.edu", courseId: courseId, role: "Instructor");
        var client = await app.SignInAsync("checker@example.edu");

        foreach (var url in new[] { $"/Staff/Courses/{courseId}/Lectures", "/Staff" })
        {
            var doc = await app.GetDocumentAsync(client, url);
            var items = doc.QuerySelectorAll(".schedule-check li").ToList();
            var holiday = items.Single(li => li.TextContent.Contains("HW 0", StringComparison.Ordinal));
            var section = items.Single(li => li.TextContent.Contains("Unscheduled lab", StringComparison.Ordinal));

            Assert.Equal("Mon Sep 1, 2025: HW 0: due on a holiday (Labor Day)", holiday.TextContent);
            Assert.Equal($"/Staff/Courses/{courseId}/Coursework/Edit/{itemId}", holiday.QuerySelector("a")!.GetAttribute("href"));
            Assert.Equal("Unscheduled lab: meets on no weekday", section.TextContent);
            Assert.Equal($"/Staff/Courses/{courseId}/Sections/Edit/{sectionId}", section.QuerySelector("a")!.GetAttribute("href"));
            Assert.Same(section, items[^1]);
        }
    }

    /// <summary>A Tue/Thu course, 10:00–11:20, with Lecture 1–3 (the third moved to the afternoon) and a cancelled one.</summary>
    private static (Course Course, Lecture[] Lectures, Holiday[] Holidays) CheckedCourse()
    {
        var course = new Course
        {
            Id = 7, Slug = "x", Code = "X", Title = "X", TermName = "T", TermStart = new(2026, 1, 5), TermEnd = new(2026, 3, 31),
            MeetingDays = Weekdays.Tuesday | Weekdays.Thursday, MeetingStart = new(10, 0), MeetingEnd = new(11, 20),
        };
        Lecture L(int id, int month, int day) => new() { Id = id, Topic = "t", Date = new DateOnly(2026, month, day) };
        var moved = L(3, 1, 13);
        moved.StartTime = new(14, 0);
        moved.EndTime = new(15, 20);
        var cancelled = L(4, 1, 15);
        cancelled.Status = LectureStatus.Cancelled;
        var lectures = new[] { L(1, 1, 6), L(2, 1, 8), moved, cancelled, L(5, 1, 20), L(6, 1, 27), L(7, 2, 3), L(8, 2, 10) };
        var holidays = new[] { new Holiday { Name = "Martin Luther King Day", StartDate = new(2026, 1, 19), EndDate = new(2026, 1, 19) } };
        return (course, lectures, holidays);
    }

    private static CourseworkItem Item(int id, string title, int month, int day, TimeOnly time, TimeOnly? end = null) =>
        new() { Id = id, Kind = end is null ? "Assignment" : "Exam", Title = title, Date = new(2026, month, day), Time = time, EndTime = end };

    private static string Show(ScheduleCheck.Finding f) =>
        $"{(f.Date is { } d ? d.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "-")} "
        + $"{string.Join(" and ", f.Subjects.Select(s => s.Name))}: {f.Reason} {string.Join(" ", f.Subjects.Select(s => s.Path))}";
}
