using CoursePortal.Tests.Infrastructure;

namespace CoursePortal.Tests.Staff;

public sealed class NewCourseFormTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    [Fact]
    public async Task The_new_course_form_picks_the_term_under_way_by_the_portals_clock_and_the_course_takes_its_dates()
    {
        await app.CreateUserAsync("new.course.admin@example.edu", admin: true);
        var admin = await app.SignInAsync("new.course.admin@example.edu");

        var page = await app.GetDocumentAsync(admin, "/Admin/Courses");

        // The test clock says Wednesday 10 September 2025, noon in New York, whatever the machine's date.
        Assert.Equal("Fall 2025", page.QuerySelector("select[name='Input.TermName'] option[selected]")?.GetAttribute("value"));
        Assert.Equal("", page.QuerySelector("input[name='Input.TermStart']")?.GetAttribute("value"));

        using var unknown = await admin.SubmitFormAsync(page, "/Admin/Courses", new Dictionary<string, string?>
        {
            ["Input.Slug"] = "typed-term", ["Input.Code"] = "TT", ["Input.Title"] = "Typed", ["Input.TermName"] = "Fal 2025",
        });
        Assert.Contains("choose a term from the list", (await unknown.ReadDocumentAsync()).FieldError("Input.TermName"), StringComparison.Ordinal);

        using var created = await admin.SubmitFormAsync(page, "/Admin/Courses", new Dictionary<string, string?>
        {
            ["Input.Slug"] = "picked-term", ["Input.Code"] = "PT", ["Input.Title"] = "Picked",
        });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, created.StatusCode);
        var course = await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Courses, c => c.Slug == "picked-term"));
        Assert.Equal(("Fall 2025", new DateOnly(2025, 9, 2), new DateOnly(2025, 12, 10)), (course.TermName, course.TermStart, course.TermEnd));
    }
}

public sealed class OptionalFieldTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    [Fact]
    public async Task A_person_without_an_email_address_can_be_added()
    {
        var courseId = await app.CourseIdAsync(CoursePortal.Demo.DemoSeeder.Slug);
        await app.CreateUserAsync("optional.instructor@example.edu", courseId: courseId, role: CoursePortal.Accounts.StaffRoles.Instructor);
        var instructor = await app.SignInAsync("optional.instructor@example.edu");

        using var response = await instructor.SubmitFormAsync($"/Staff/Courses/{courseId}/People/Edit", new Dictionary<string, string?>
        {
            ["Input.Name"] = "Grace Hopper",
            ["Input.Role"] = "TA",
            ["Input.Email"] = "",
        });

        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Redirect, (await response.ReadDocumentAsync()).QuerySelector("main")?.TextContent);
    }

    [Fact]
    public async Task A_course_address_in_capitals_still_finds_the_course()
    {
        using var response = await app.CreateClient().GetAsync("/" + CoursePortal.Demo.DemoSeeder.Slug.ToUpperInvariant());

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_course_information_page_moves_a_course_to_a_listed_term_only()
    {
        await app.CreateUserAsync("term.mover@example.edu", admin: true);
        var admin = await app.SignInAsync("term.mover@example.edu");
        var courseId = await app.CourseIdAsync(CoursePortal.Demo.DemoSeeder.Slug);
        await app.WithDbAsync(async db =>
        {
            db.Terms.Add(new CoursePortal.Data.Term { Name = "Winter 2026", StartDate = new(2026, 1, 5), EndDate = new(2026, 3, 20) });
            await db.SaveChangesAsync();
        });

        var page = await app.GetDocumentAsync(admin, $"/Staff/Courses/{courseId}/Info");
        var options = page.QuerySelectorAll("select[name='Input.TermName'] option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Contains("Fall 2025", options);
        Assert.Contains("Winter 2026", options);

        using var typed = await admin.SubmitFormAsync($"/Staff/Courses/{courseId}/Info", new Dictionary<string, string?> { ["Input.TermName"] = "Made Up 2031" },
            "main form[method='post']:not([action*='handler='])");
        Assert.Equal(System.Net.HttpStatusCode.OK, typed.StatusCode);
        Assert.Equal("Term: choose a term from the list; admins make new terms under Admin → Terms.", (await typed.ReadDocumentAsync()).FieldError("Input.TermName"));
        Assert.False(await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Terms, t => t.Name == "Made Up 2031")));

        using var moved = await admin.SubmitFormAsync($"/Staff/Courses/{courseId}/Info", new Dictionary<string, string?> { ["Input.TermName"] = "Winter 2026" },
            "main form[method='post']:not([action*='handler='])");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal("Winter 2026", await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Courses.Where(c => c.Id == courseId).Select(c => c.TermName))));
    }
}
