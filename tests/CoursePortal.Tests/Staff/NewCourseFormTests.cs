using CoursePortal.Tests.Infrastructure;

namespace CoursePortal.Tests.Staff;

public sealed class NewCourseFormTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    [Fact]
    public async Task The_new_course_form_starts_its_term_today_by_the_portals_clock()
    {
        await app.CreateUserAsync("new.course.admin@example.edu", admin: true);
        var admin = await app.SignInAsync("new.course.admin@example.edu");

        var page = await app.GetDocumentAsync(admin, "/Admin/Courses");

        // The test clock says Wednesday 10 September 2025, noon in New York, whatever the machine's date.
        Assert.Equal("2025-09-10", page.QuerySelector("input[name='Input.TermStart']")?.GetAttribute("value"));
        Assert.Equal("2025-12-19", page.QuerySelector("input[name='Input.TermEnd']")?.GetAttribute("value"));
    }
}
