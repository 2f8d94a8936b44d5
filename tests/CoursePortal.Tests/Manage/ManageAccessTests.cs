using System.Net;
using CoursePortal.Data;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using CoursePortal.Tests.Staff;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Manage;

/// <summary>
/// Every /Manage page and handler, found through routing: anonymous visitors are sent to sign in, course staff who
/// manage no department get 403, the admin and a department admin get through.
/// </summary>
public sealed class ManageAccessTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    [Fact]
    public async Task Manage_pages_let_in_admins_and_department_admins_and_refuse_everyone_else()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        await app.CreateUserAsync("manage.ta@example.edu", courseId: courseId);
        await app.CreateUserAsync("manage.instructor@example.edu", courseId: courseId, role: "Instructor");
        await app.CreateUserAsync("manage.admin@example.edu", admin: true);
        var headId = await app.CreateUserAsync("manage.head@example.edu");
        await app.WithDbAsync(async db =>
        {
            var department = new Department { Code = "MAN", Name = "Management" };
            department.Admins.Add(new DepartmentAdmin { UserId = headId });
            db.Departments.Add(department);
            await db.SaveChangesAsync();
            // The course of the pages that take one is in the head's department (another department's answers 404, in AuthorizationMatrixTests).
            await db.Courses.Where(c => c.Id == courseId).ExecuteUpdateAsync(u => u.SetProperty(c => c.DepartmentId, department.Id));
        });
        var pages = (await StaffPages.AllAsync(app.Services)).Where(p => p.ViewPath.StartsWith("/Manage/", StringComparison.Ordinal)).ToList();
        Assert.Contains(pages, p => p.ViewPath == "/Manage/Rollover");
        Assert.Contains(pages, p => p.ViewPath == "/Manage/Publish");
        Assert.Contains(pages, p => p.ViewPath == "/Manage/NotReady");

        var anonymous = app.Browser();
        var clients = new Dictionary<string, HttpClient>
        {
            ["ta"] = await app.SignInAsync("manage.ta@example.edu"),
            ["instructor"] = await app.SignInAsync("manage.instructor@example.edu"),
            ["admin"] = await app.SignInAsync("manage.admin@example.edu"),
            ["department admin"] = await app.SignInAsync("manage.head@example.edu"),
        };
        var tokens = new Dictionary<string, string>();
        foreach (var (who, client) in clients)
        {
            tokens[who] = (await app.GetDocumentAsync(client, "/Staff")).QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        }

        foreach (var page in pages)
        {
            foreach (var handler in page.PostHandlers.Prepend(page.HasGet ? "GET" : null).OfType<string>())
            {
                var url = StaffPages.Url(page, courseId, new Dictionary<string, int>(), handler == "GET" ? null : handler);
                using (var response = handler == "GET" ? await anonymous.GetAsync(url) : await anonymous.PostAsync(url, new FormUrlEncodedContent([])))
                {
                    Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"anonymous {handler} {url} gave {(int)response.StatusCode}");
                    Assert.StartsWith("http://localhost/Account/Login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
                }

                foreach (var (who, client) in clients)
                {
                    using var response = handler == "GET"
                        ? await client.GetAsync(url)
                        : await client.PostAsync(url, new FormUrlEncodedContent([new("__RequestVerificationToken", tokens[who])]));
                    var expected = who is "admin" or "department admin";
                    // Let in: a page answers; an empty post is the handler's to refuse (a form with its messages, or 404 for no such person).
                    var admitted = handler == "GET" ? response.StatusCode == HttpStatusCode.OK
                        : response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.Redirect or HttpStatusCode.BadRequest);
                    Assert.True(expected ? admitted : response.StatusCode == HttpStatusCode.Forbidden,
                        $"{who}: {handler} {url} gave {(int)response.StatusCode}");
                }
            }
        }

        // The handlers were posted empty: each refused with its messages and copied nothing.
        Assert.Equal(0, await app.WithDbAsync(db => db.Courses.CountAsync(c => c.CopiedFromId != null)));
    }
}
