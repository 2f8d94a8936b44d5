using System.Net;
using CoursePortal.Accounts;
using CoursePortal.Data;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Staff;

/// <summary>
/// Every page under /Staff, /Manage and /Admin, found through routing: anonymous visitors are sent to sign
/// in, staff of course A are refused course B and the admin and manage pages, and on every page and handler of
/// course A its Instructor, the admin and an admin of its department get through while a TA gets through exactly
/// the TA pages; the department admin is refused the admin pages and every page of another department's course.
/// </summary>
public sealed class AuthorizationMatrixTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    /// <summary>
    /// The course pages a TA may use, as documented in the README; written out here rather than taken
    /// from the app, so that a change to the app's list fails this test until the docs agree.
    /// </summary>
    private static readonly HashSet<string> TaPages =
    [
        "/Staff/Courses/Lectures/Index", "/Staff/Courses/Lectures/Edit", "/Staff/Courses/Lectures/Reschedule",
        "/Staff/Courses/Coursework/Index", "/Staff/Courses/Coursework/Edit",
        "/Staff/Courses/Sections/Index", "/Staff/Courses/Sections/Edit",
        "/Staff/Courses/Materials/Index", "/Staff/Courses/Materials/Edit", "/Staff/Courses/Materials/Upload",
        "/Staff/Courses/People/Index", "/Staff/Courses/People/OfficeHour",
        "/Staff/Courses/Announcements/Index", "/Staff/Courses/Announcements/Edit",
        "/Staff/Courses/Audit",
    ];

    /// <summary>Pages and handlers only an Instructor (or the admin) may use; a few named so the column cannot pass on an empty list.</summary>
    private static readonly string[] SomeInstructorOnlyPages =
        ["/Staff/Courses/Info", "/Staff/Courses/Copy", "/Staff/Courses/People/Edit", "/Staff/Courses/Archive"];

    [Fact]
    public async Task Anonymous_visitors_are_redirected_to_sign_in_from_every_staff_and_admin_page_and_handler()
    {
        var (courseA, _, ids) = await SetUpAsync();
        var client = app.Browser();
        var checkedUrls = 0;

        foreach (var page in await ProtectedPagesAsync())
        {
            foreach (var handler in page.PostHandlers.Prepend(page.HasGet ? "GET" : null).OfType<string>())
            {
                var url = StaffPages.Url(page, courseA, ids, handler == "GET" ? null : handler);
                using var response = handler == "GET"
                    ? await client.GetAsync(url)
                    : await client.PostAsync(url, new FormUrlEncodedContent([]));
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{handler} {url} gave {(int)response.StatusCode}");
                Assert.StartsWith("http://localhost/Account/Login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
                checkedUrls++;
            }
        }

        Assert.True(checkedUrls > 20, $"only {checkedUrls} staff URLs found");
    }

    [Theory]
    [InlineData("ta.of.a@example.edu")]
    [InlineData("instructor.of.a@example.edu")]
    public async Task Staff_of_course_A_get_403_on_every_page_of_course_B_and_on_admin_pages(string email)
    {
        var (_, courseB, ids) = await SetUpAsync();
        var staff = await app.SignInAsync(email);
        var checkedUrls = 0;

        foreach (var page in await ProtectedPagesAsync())
        {
            var isCoursePage = page.ViewPath.StartsWith("/Staff/Courses/", StringComparison.Ordinal);
            var isAdminPage = page.ViewPath.StartsWith("/Admin/", StringComparison.Ordinal) || page.ViewPath.StartsWith("/Manage/", StringComparison.Ordinal);
            if ((isCoursePage || isAdminPage) && page.HasGet)
            {
                var url = StaffPages.Url(page, courseB, ids);
                using var get = await staff.GetAsync(url);
                Assert.True(get.StatusCode == HttpStatusCode.Forbidden, $"GET {url} gave {(int)get.StatusCode}");
                checkedUrls++;
            }
        }

        Assert.True(checkedUrls > 20, $"only {checkedUrls} course and admin pages found");
    }

    [Fact]
    public async Task An_Instructor_of_the_course_gets_through_every_page_and_handler_of_it()
    {
        var (courseA, _, ids) = await SetUpAsync();
        var instructor = await app.SignInAsync("instructor.of.a@example.edu");

        var column = await CourseColumnAsync(instructor, courseA, ids);

        Assert.All(column, r => Assert.True(GotThrough(r.Status), $"{r.Request} gave {(int)r.Status}"));
        AssertCovers(column);
    }

    [Fact]
    public async Task The_admin_gets_through_every_page_and_handler_of_a_course_without_being_assigned_to_it()
    {
        var (courseA, _, ids) = await SetUpAsync();
        var admin = await app.SignInAsync("matrix.admin@example.edu");

        var column = await CourseColumnAsync(admin, courseA, ids);

        Assert.All(column, r => Assert.True(GotThrough(r.Status), $"{r.Request} gave {(int)r.Status}"));
        AssertCovers(column);
    }

    [Fact]
    public async Task A_TA_of_the_course_gets_through_exactly_the_TA_pages_and_403_on_the_Instructor_only_ones()
    {
        var (courseA, _, ids) = await SetUpAsync();
        var ta = await app.SignInAsync("ta.of.a@example.edu");

        var column = await CourseColumnAsync(ta, courseA, ids);

        foreach (var (viewPath, request, status) in column)
        {
            if (TaPages.Contains(viewPath))
            {
                Assert.True(GotThrough(status), $"TA: {request} gave {(int)status}, but {viewPath} is a TA page");
            }
            else
            {
                Assert.True(status == HttpStatusCode.Forbidden, $"TA: {request} gave {(int)status}, but {viewPath} is Instructor-only");
            }
        }

        AssertCovers(column);
        var allowed = column.Count(r => TaPages.Contains(r.ViewPath));
        var refused = column.Count - allowed;
        Assert.True(allowed >= 15, $"only {allowed} TA requests checked");
        Assert.True(refused >= 12, $"only {refused} Instructor-only requests checked");
    }

    [Fact]
    public async Task A_TA_cannot_post_to_another_course_even_with_a_valid_form_token()
    {
        var (courseA, courseB, _) = await SetUpAsync();
        var ta = await app.SignInAsync("ta.of.a@example.edu");
        var lectureOfB = await app.WithDbAsync(db => db.Lectures.Where(l => l.CourseId == courseB).Select(l => l.Id).FirstAsync());
        var page = await app.GetDocumentAsync(ta, $"/Staff/Courses/{courseA}/Lectures/Edit");
        var token = page.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;

        using var response = await ta.PostAsync($"/Staff/Courses/{courseB}/Lectures/Edit/{lectureOfB}", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", token), new("Input.Date", "2026-01-01"), new("Input.Topic", "Hijacked"),
        ]));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.NotEqual("Hijacked", await app.WithDbAsync(db => db.Lectures.Where(l => l.Id == lectureOfB).Select(l => l.Topic).SingleAsync()));
    }

    [Fact]
    public async Task Ids_of_another_course_under_my_course_give_404_not_its_data()
    {
        var (courseA, courseB, _) = await SetUpAsync();
        var ta = await app.SignInAsync("ta.of.a@example.edu");
        var lectureOfB = await app.WithDbAsync(db => db.Lectures.Where(l => l.CourseId == courseB).Select(l => l.Id).FirstAsync());

        using var response = await ta.GetAsync($"/Staff/Courses/{courseA}/Lectures/Edit/{lectureOfB}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task An_admin_of_the_courses_department_gets_through_every_page_and_handler_of_it_without_being_assigned()
    {
        var (courseA, _, ids) = await SetUpAsync();
        var departmentAdmin = await app.SignInAsync("dept.admin.of.a@example.edu");

        var column = await CourseColumnAsync(departmentAdmin, courseA, ids);

        Assert.All(column, r => Assert.True(GotThrough(r.Status), $"{r.Request} gave {(int)r.Status}"));
        AssertCovers(column);
    }

    [Fact]
    public async Task A_department_admin_opens_every_manage_page_and_is_refused_admin_pages_and_another_departments_course()
    {
        var (courseA, courseB, ids) = await SetUpAsync();
        var departmentAdmin = await app.SignInAsync("dept.admin.of.a@example.edu");
        var pages = await ProtectedPagesAsync();
        var (manage, admin, otherCourse) = (0, 0, 0);

        foreach (var page in pages.Where(p => p.HasGet))
        {
            if (page.ViewPath.StartsWith("/Manage/", StringComparison.Ordinal))
            {
                using var own = await departmentAdmin.GetAsync(StaffPages.Url(page, courseA, ids));
                Assert.True(own.StatusCode == HttpStatusCode.OK, $"GET {StaffPages.Url(page, courseA, ids)} gave {(int)own.StatusCode}");
                manage++;
                if (page.RouteTemplate.Contains("{courseId", StringComparison.Ordinal))
                {
                    // A page about one course, given a course of another department: it does not exist for them.
                    using var other = await departmentAdmin.GetAsync(StaffPages.Url(page, courseB, ids));
                    Assert.True(other.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"GET {StaffPages.Url(page, courseB, ids)} gave {(int)other.StatusCode}");
                    otherCourse++;
                }
            }
            else if (page.ViewPath.StartsWith("/Admin/", StringComparison.Ordinal))
            {
                using var refused = await departmentAdmin.GetAsync(StaffPages.Url(page, courseA, ids));
                Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"GET {StaffPages.Url(page, courseA, ids)} gave {(int)refused.StatusCode}");
                admin++;
            }
            else if (page.ViewPath.StartsWith("/Staff/Courses/", StringComparison.Ordinal))
            {
                using var refused = await departmentAdmin.GetAsync(StaffPages.Url(page, courseB, ids));
                Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"GET {StaffPages.Url(page, courseB, ids)} gave {(int)refused.StatusCode}");
                otherCourse++;
            }
        }

        Assert.True(manage >= 3, $"only {manage} manage pages found");
        Assert.True(admin >= 5, $"only {admin} admin pages found");
        Assert.True(otherCourse >= 16, $"only {otherCourse} pages of another department's course checked");
    }

    [Fact]
    public async Task A_department_admin_posting_to_another_departments_course_with_a_valid_form_token_is_refused()
    {
        var (courseA, courseB, _) = await SetUpAsync();
        var departmentAdmin = await app.SignInAsync("dept.admin.of.a@example.edu");
        var lectureOfB = await app.WithDbAsync(db => db.Lectures.Where(l => l.CourseId == courseB).Select(l => l.Id).FirstAsync());
        var page = await app.GetDocumentAsync(departmentAdmin, $"/Staff/Courses/{courseA}/Lectures/Edit");
        var token = page.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;

        using var response = await departmentAdmin.PostAsync($"/Staff/Courses/{courseB}/Lectures/Edit/{lectureOfB}", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", token), new("Input.Date", "2026-01-01"), new("Input.Topic", "Hijacked"),
        ]));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.NotEqual("Hijacked", await app.WithDbAsync(db => db.Lectures.Where(l => l.Id == lectureOfB).Select(l => l.Topic).SingleAsync()));
    }

    [Fact]
    public async Task The_admin_may_open_every_staff_and_admin_page()
    {
        var (courseA, _, ids) = await SetUpAsync();
        var admin = await app.SignInAsync("matrix.admin@example.edu");

        foreach (var page in (await ProtectedPagesAsync()).Where(p => p.HasGet))
        {
            var url = StaffPages.Url(page, courseA, ids);
            using var response = await admin.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} gave {(int)response.StatusCode}");
        }
    }

    /// <summary>
    /// GET and every POST handler (with a valid form token and no fields, so handlers validate and
    /// stop, or find no item) of every page of the course: the status each gave the client.
    /// </summary>
    private async Task<List<(string ViewPath, string Request, HttpStatusCode Status)>> CourseColumnAsync(HttpClient client, int courseId, IReadOnlyDictionary<string, int> ids)
    {
        var form = await app.GetDocumentAsync(client, $"/Staff/Courses/{courseId}/Lectures");
        var token = form.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        var column = new List<(string, string, HttpStatusCode)>();
        foreach (var page in (await ProtectedPagesAsync()).Where(p => p.ViewPath.StartsWith("/Staff/Courses/", StringComparison.Ordinal)))
        {
            foreach (var handler in page.PostHandlers.Prepend(page.HasGet ? "GET" : null).OfType<string>())
            {
                var url = StaffPages.Url(page, courseId, ids, handler == "GET" ? null : handler);
                using var response = handler == "GET"
                    ? await client.GetAsync(url)
                    : await client.PostAsync(url, new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
                column.Add((page.ViewPath, $"{(handler == "GET" ? "GET" : "POST")} {url}", response.StatusCode));
            }
        }

        return column;
    }

    /// <summary>Past the policy and into the page: not refused, and no server error.</summary>
    private static bool GotThrough(HttpStatusCode status) =>
        status is not (HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized) && (int)status < 500;

    /// <summary>The column found the pages it is about, so it cannot pass on none.</summary>
    private static void AssertCovers(List<(string ViewPath, string Request, HttpStatusCode Status)> column)
    {
        var pages = column.Select(r => r.ViewPath).ToHashSet(StringComparer.Ordinal);
        Assert.True(pages.Count >= 16, $"only {pages.Count} course pages found");
        Assert.True(column.Count >= 35, $"only {column.Count} course requests made");
        Assert.Subset(pages, TaPages);
        Assert.Subset(pages, SomeInstructorOnlyPages.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>The pages of /Account that belong to a signed-in account (the others sign people in or out).</summary>
    private static readonly string[] AccountPages = ["/Account/Index", "/Account/ChangePassword"];

    private async Task<IReadOnlyList<StaffPages.Page>> ProtectedPagesAsync() =>
        (await StaffPages.AllAsync(app.Services))
            .Where(p => p.ViewPath.StartsWith("/Staff/", StringComparison.Ordinal) || p.ViewPath.StartsWith("/Admin/", StringComparison.Ordinal)
                || p.ViewPath.StartsWith("/Manage/", StringComparison.Ordinal) || AccountPages.Contains(p.ViewPath))
            .ToList();

    private async Task<(int CourseA, int CourseB, IReadOnlyDictionary<string, int> Ids)> SetUpAsync()
    {
        var courseA = await app.CourseIdAsync(DemoSeeder.Slug);
        var courseB = await app.WithDbAsync(async db =>
        {
            var existing = await db.Courses.Where(c => c.Slug == "course-b").Select(c => (int?)c.Id).SingleOrDefaultAsync();
            if (existing is { } id)
            {
                return id;
            }

            var b = new Course { Slug = "course-b", Code = "B", Title = "Course B", TermName = "Fall 2025", IsPublished = true };
            b.Lectures.Add(new Lecture { Date = new DateOnly(2025, 9, 4), Topic = "B's first" });
            db.Courses.Add(b);
            await db.SaveChangesAsync();
            await app.CreateUserAsync("ta.of.a@example.edu", courseId: courseA);
            await app.CreateUserAsync("instructor.of.a@example.edu", courseId: courseA, role: StaffRoles.Instructor);
            await app.CreateUserAsync("matrix.admin@example.edu", admin: true);
            // Course A in a department with an admin of its own; course B in another department.
            var departmentOfA = new Department { Code = "MTXA", Name = "Matrix A" };
            var departmentOfB = new Department { Code = "MTXB", Name = "Matrix B" };
            db.Departments.AddRange(departmentOfA, departmentOfB);
            await db.SaveChangesAsync();
            await db.Courses.Where(c => c.Id == courseA).ExecuteUpdateAsync(u => u.SetProperty(c => c.DepartmentId, departmentOfA.Id));
            await db.Courses.Where(c => c.Id == b.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.DepartmentId, departmentOfB.Id));
            var departmentAdmin = await app.CreateUserAsync("dept.admin.of.a@example.edu");
            db.DepartmentAdmins.Add(new DepartmentAdmin { DepartmentId = departmentOfA.Id, UserId = departmentAdmin });
            await db.SaveChangesAsync();
            return b.Id;
        });
        var ids = await app.WithDbAsync(async db => (IReadOnlyDictionary<string, int>)new Dictionary<string, int>
        {
            ["staffId"] = await db.StaffMembers.Where(s => s.CourseId == courseA).Select(s => s.Id).FirstAsync(),
            ["departmentId"] = await db.Departments.Where(d => d.Code == "MTXA").Select(d => d.Id).SingleAsync(),
        });
        return (courseA, courseB, ids);
    }
}
