using System.Globalization;
using CoursePortal.Data;
using CoursePortal.Tests.Caching;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Manage;

/// <summary>The "not ready" board at /Manage/NotReady: each reason with the page that fixes it, in a fixed number of queries.</summary>
public sealed class NotReadyTests(CountingPortalApplication app) : IClassFixture<CountingPortalApplication>
{
    [Fact]
    public async Task The_board_lists_each_reason_with_its_fix_and_leaves_ready_courses_out()
    {
        const string term = "NR1 Spring 2041";
        await TermAsync(term, new(2041, 1, 7));
        var bare = await CourseAsync("NR1 101", term, staff: false, lectures: 0, published: false);
        var offDay = await CourseAsync("NR1 102", term, staff: true, lectures: 2, published: true, offPattern: true);
        var ready = await CourseAsync("NR1 103", term, staff: true, lectures: 2, published: true);
        var client = await AdminAsync("nr1.admin@example.edu");

        var doc = await app.GetDocumentAsync(client, $"/Manage/NotReady?Term={Uri.EscapeDataString(term)}");

        Assert.Equal([bare, offDay], doc.QuerySelectorAll("table.not-ready tbody tr").Select(tr => int.Parse(tr.GetAttribute("data-course")!, CultureInfo.InvariantCulture)));
        var row = doc.QuerySelector($"tr[data-course='{bare}']")!;
        Assert.Equal($"/Staff/Courses/{bare}/People", row.QuerySelector(".reason-staff a")!.GetAttribute("href"));
        Assert.Equal($"/Staff/Courses/{bare}/Lectures/Generate", row.QuerySelector(".reason-lectures a")!.GetAttribute("href"));
        Assert.Equal($"/Staff/Courses/{bare}/Info", row.QuerySelector(".reason-unpublished a")!.GetAttribute("href"));
        Assert.Null(row.QuerySelector(".reason-schedule"));
        var other = doc.QuerySelector($"tr[data-course='{offDay}']")!;
        Assert.Equal(["reason-schedule"], other.QuerySelectorAll("li").Select(li => li.ClassName));
        Assert.Contains("Schedule check: 1 thing to look at", other.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/Staff/Courses/{offDay}/Lectures", other.QuerySelector(".reason-schedule a")!.GetAttribute("href"));
        Assert.Null(doc.QuerySelector($"tr[data-course='{ready}']"));
    }

    [Fact]
    public async Task Without_a_choice_the_board_shows_the_next_term_to_start_and_a_department_admin_sees_only_their_courses()
    {
        await TermAsync("NR2 Fall 2050", new(2050, 9, 5));
        await TermAsync("NR2 Spring 2051", new(2051, 1, 20));
        var mine = await CourseAsync("NR2 101", "NR2 Fall 2050", staff: false, lectures: 0, published: false, department: "NR2A");
        await CourseAsync("NR2 201", "NR2 Fall 2050", staff: false, lectures: 0, published: false, department: "NR2B");
        await CourseAsync("NR2 102", "NR2 Spring 2051", staff: false, lectures: 0, published: false, department: "NR2A");
        var before = app.Clock.GetUtcNow();
        app.Clock.SetUtcNow(new DateTimeOffset(2050, 8, 1, 12, 0, 0, TimeSpan.Zero));
        try
        {
            // Signed in at the moved clock, so the cookie is not already expired.
            var client = await DepartmentAdminAsync("nr2.head@example.edu", "NR2A");
            var doc = await app.GetDocumentAsync(client, "/Manage/NotReady");
            Assert.Equal("Not ready in NR2 Fall 2050", doc.QuerySelector("h1")!.TextContent);
            Assert.Equal([mine], doc.QuerySelectorAll("table.not-ready tbody tr").Select(tr => int.Parse(tr.GetAttribute("data-course")!, CultureInfo.InvariantCulture)));
        }
        finally
        {
            app.Clock.SetUtcNow(before);
        }
    }

    [Fact]
    public async Task The_board_sends_as_many_commands_for_eight_courses_as_for_two()
    {
        const string small = "NR3 Spring 2042";
        const string large = "NR3 Fall 2042";
        await TermAsync(small, new(2042, 1, 7));
        await TermAsync(large, new(2042, 9, 2));
        for (var i = 0; i < 2; i++)
        {
            await CourseAsync($"NR3 1{i}", small, staff: i == 0, lectures: 3, published: false, offPattern: true);
        }

        for (var i = 0; i < 8; i++)
        {
            await CourseAsync($"NR3 2{i}", large, staff: i % 2 == 0, lectures: 3, published: false, offPattern: true);
        }

        var client = await AdminAsync("nr3.admin@example.edu");
        async Task<int> CommandsAsync(string term)
        {
            await app.GetDocumentAsync(client, $"/Manage/NotReady?Term={Uri.EscapeDataString(term)}");
            app.Commands.Reset();
            var doc = await app.GetDocumentAsync(client, $"/Manage/NotReady?Term={Uri.EscapeDataString(term)}");
            var count = app.Commands.Count;
            Assert.NotEmpty(doc.QuerySelectorAll("table.not-ready tbody tr"));
            return count;
        }

        var forTwo = await CommandsAsync(small);
        var forEight = await CommandsAsync(large);
        Assert.Equal(forTwo, forEight);
        Assert.InRange(forEight, 1, 15);
    }

    private Task TermAsync(string name, DateOnly start) => app.WithDbAsync(async db =>
    {
        db.Terms.Add(new Term { Name = name, StartDate = start, EndDate = start.AddDays(90) });
        await db.SaveChangesAsync();
    });

    /// <summary>A Tuesday/Thursday course from the term's start; <paramref name="offPattern"/> puts its last lecture on a Wednesday.</summary>
    private Task<int> CourseAsync(string code, string term, bool staff, int lectures, bool published, bool offPattern = false, string? department = null) =>
        app.WithDbAsync(async db =>
        {
            var record = await db.Terms.SingleAsync(t => t.Name == term);
            int? departmentId = null;
            if (department is not null)
            {
                var d = await db.Departments.SingleOrDefaultAsync(x => x.Code == department) ?? db.Departments.Add(new Department { Code = department, Name = department }).Entity;
                await db.SaveChangesAsync();
                departmentId = d.Id;
            }

            var course = new Course
            {
                Slug = code.ToLowerInvariant().Replace(' ', '-'), Code = code, Title = $"Course {code}", TermName = term,
                TermStart = record.StartDate, TermEnd = record.EndDate, MeetingDays = Weekdays.Tuesday | Weekdays.Thursday,
                IsPublished = published, DepartmentId = departmentId,
            };
            var days = Enumerable.Range(0, 60).Select(record.StartDate.AddDays)
                .Where(d => d.DayOfWeek is DayOfWeek.Tuesday or DayOfWeek.Thursday).Take(lectures).ToList();
            if (offPattern && days.Count > 0)
            {
                days[^1] = days[^1].DayOfWeek == DayOfWeek.Tuesday ? days[^1].AddDays(1) : days[^1].AddDays(-1);
            }

            course.Lectures.AddRange(days.Select((d, i) => new Lecture { Date = d, Topic = $"Topic {i + 1}" }));
            if (staff)
            {
                course.Staff.Add(new StaffMember { Name = "Grace Hopper", Role = "Instructor" });
            }

            db.Courses.Add(course);
            await db.SaveChangesAsync();
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
