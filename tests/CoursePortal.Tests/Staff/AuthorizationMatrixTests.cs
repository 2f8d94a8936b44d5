using System.Net;
using CoursePortal.Data;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Staff;

/// <summary>
/// Every page under /Staff and /Admin, found through routing: anonymous visitors are sent to sign
/// in, a TA of course A is refused course B and the admin pages, the admin may open all of them.
/// </summary>
public sealed class AuthorizationMatrixTests(PortalApplication app) : IClassFixture<PortalApplication>
{
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

    [Fact]
    public async Task A_TA_of_course_A_gets_403_on_every_page_of_course_B_and_on_admin_pages()
    {
        var (courseA, courseB, ids) = await SetUpAsync();
        var ta = await app.SignInAsync("ta.of.a@example.edu");

        foreach (var page in await ProtectedPagesAsync())
        {
            var isCoursePage = page.ViewPath.StartsWith("/Staff/Courses/", StringComparison.Ordinal);
            var isAdminPage = page.ViewPath.StartsWith("/Admin/", StringComparison.Ordinal);
            if (!isCoursePage && !isAdminPage)
            {
                continue;
            }

            var url = StaffPages.Url(page, courseB, ids);
            if (page.HasGet)
            {
                using var get = await ta.GetAsync(url);
                Assert.True(get.StatusCode == HttpStatusCode.Forbidden, $"GET {url} gave {(int)get.StatusCode}");
            }

            if (isCoursePage)
            {
                using var own = await ta.GetAsync(StaffPages.Url(page, courseA, ids));
                Assert.True(own.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"GET own {page.ViewPath} gave {(int)own.StatusCode}");
            }
        }
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

    private async Task<IReadOnlyList<StaffPages.Page>> ProtectedPagesAsync() =>
        (await StaffPages.AllAsync(app.Services))
            .Where(p => p.ViewPath.StartsWith("/Staff/", StringComparison.Ordinal) || p.ViewPath.StartsWith("/Admin/", StringComparison.Ordinal))
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
            await app.CreateUserAsync("matrix.admin@example.edu", admin: true);
            return b.Id;
        });
        var ids = await app.WithDbAsync(async db => (IReadOnlyDictionary<string, int>)new Dictionary<string, int>
        {
            ["staffId"] = await db.StaffMembers.Where(s => s.CourseId == courseA).Select(s => s.Id).FirstAsync(),
        });
        return (courseA, courseB, ids);
    }
}
