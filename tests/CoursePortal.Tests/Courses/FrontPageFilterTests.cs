using System.Net;
using CoursePortal.Data;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Courses;

/// <summary>
/// The front page's GET form: by term, by department, and by words in a course's code, title or staff names; the
/// number found, a clear state when nothing matches, and the plain list when no filter is given. Anonymous, so the
/// answers pass through the public cache: each filter must get its own.
/// </summary>
public sealed class FrontPageFilterTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    [Fact]
    public async Task Courses_are_found_by_term_department_code_title_and_instructor_and_each_filter_is_its_own_page()
    {
        await SeedAsync();
        var visitor = app.CreateClient();

        Assert.Equal(["FLT 101", "FLT 201"], await CodesAsync(visitor, "/?department=flt&term=Fall+2025"));
        Assert.Equal(["FLT 101"], await CodesAsync(visitor, "/?department=FLT&q=flt+101"));
        Assert.Equal(["FLT 100"], await CodesAsync(visitor, "/?term=Spring+2025&department=FLT"));
        Assert.Equal(["QQM 300"], await CodesAsync(visitor, "/?department=QQM"));
        Assert.Equal(["FLT 201"], await CodesAsync(visitor, "/?q=hummingbirds"));
        // By a staff member's name, in any case.
        Assert.Equal(["QQM 300"], await CodesAsync(visitor, "/?q=zebulon"));
        // The unpublished course is never found.
        Assert.Empty(await CodesAsync(visitor, "/?q=secret+flight"));

        var found = await app.GetDocumentAsync(visitor, "/?department=FLT&term=Fall+2025");
        Assert.StartsWith("2 courses match Fall 2025, FLT.", found.QuerySelector(".found")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("Fall 2025", found.QuerySelector("select[name='term'] option[selected]")!.GetAttribute("value"));
        Assert.Equal("FLT", found.QuerySelector("select[name='department'] option[selected]")!.GetAttribute("value"));

        var none = await app.GetDocumentAsync(visitor, "/?q=no+such+course+anywhere");
        Assert.StartsWith("No course matches “no such course anywhere”.", none.QuerySelector(".found")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.NotNull(none.QuerySelector(".found a[href='/']"));
        Assert.Empty(none.QuerySelectorAll(".course-list li"));
    }

    [Fact]
    public async Task Without_a_filter_the_front_page_lists_every_published_course_current_first_as_before()
    {
        await SeedAsync();
        var visitor = app.CreateClient();

        var page = await app.GetDocumentAsync(visitor, "/");

        Assert.Null(page.QuerySelector(".found"));
        var published = await app.WithDbAsync(db => db.Courses.CountAsync(c => c.IsPublished));
        Assert.Equal(published, page.QuerySelectorAll(".course-list li").Length);
        Assert.Contains("FLT 101", page.QuerySelector("#current-heading")!.ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.Contains("FLT 100", page.QuerySelector("#past-heading")!.ParentElement!.TextContent, StringComparison.Ordinal);
        var form = page.QuerySelector("form[role='search']")!;
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.Equal(["q", "term", "department"], form.QuerySelectorAll("input[name], select[name]").Select(e => e.GetAttribute("name")!));
    }

    [Fact]
    public async Task A_renamed_department_and_a_new_staff_name_reach_a_cached_filtered_page()
    {
        await SeedAsync();
        var visitor = app.CreateClient();
        Assert.Empty(await CodesAsync(visitor, "/?q=philomena"));
        var before = await app.GetDocumentAsync(visitor, "/?department=QQM");
        Assert.Contains("QQM Quantum Matters", before.QuerySelector("select[name='department']")!.TextContent, StringComparison.Ordinal);

        await app.WithDbAsync(async db =>
        {
            var course = await db.Courses.SingleAsync(c => c.Slug == "qqm-300-filter");
            db.StaffMembers.Add(new StaffMember { CourseId = course.Id, Name = "Philomena Quark", Role = "TA" });
            (await db.Departments.SingleAsync(d => d.Code == "QQM")).Name = "Quantum Studies";
            await db.SaveChangesAsync();
        });

        // The save evicts the course list before it returns: the next request sees the change.
        Assert.Equal(["QQM 300"], await CodesAsync(visitor, "/?q=philomena"));
        var after = await app.GetDocumentAsync(visitor, "/?department=QQM");
        Assert.Contains("QQM Quantum Studies", after.QuerySelector("select[name='department']")!.TextContent, StringComparison.Ordinal);
    }

    private async Task<List<string>> CodesAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await response.ReadDocumentAsync();
        return doc.QuerySelectorAll(".course-list .course-code").Select(e => e.TextContent.Trim()).ToList();
    }

    private Task SeedAsync() =>
        app.WithDbAsync(async db =>
        {
            if (await db.Departments.AnyAsync(d => d.Code == "FLT"))
            {
                return;
            }

            var flight = new Department { Code = "FLT", Name = "Flight" };
            var quantum = new Department { Code = "QQM", Name = "Quantum Matters" };
            db.Departments.AddRange(flight, quantum);
            Course Make(string slug, string code, string title, string term, DateOnly start, Department department, bool published = true) =>
                new() { Slug = slug, Code = code, Title = title, TermName = term, TermStart = start, TermEnd = start.AddDays(100), Department = department, IsPublished = published };
            var fall = new DateOnly(2025, 9, 2);
            var spring = new DateOnly(2025, 1, 20);
            var qqm = Make("qqm-300-filter", "QQM 300", "Entanglement", "Fall 2025", fall, quantum);
            qqm.Staff.Add(new StaffMember { Name = "Zebulon Pike", Role = "Instructor" });
            db.Courses.AddRange(
                Make("flt-101-filter", "FLT 101", "Gliding", "Fall 2025", fall, flight),
                Make("flt-201-filter", "FLT 201", "Flight of hummingbirds", "Fall 2025", fall, flight),
                Make("flt-100-filter", "FLT 100", "Kites", "Spring 2025", spring, flight),
                Make("flt-999-filter", "FLT 999", "Secret flight", "Fall 2025", fall, flight, published: false),
                qqm);
            await db.SaveChangesAsync();
        });
}
