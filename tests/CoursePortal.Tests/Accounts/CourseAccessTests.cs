using System.Net;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Accounts;

public sealed class CourseAccessTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    [Fact]
    public async Task The_admin_assigns_and_removes_staff_and_access_follows()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        var taId = await app.CreateUserAsync("floating.ta@example.edu");
        await app.CreateUserAsync("access.admin@example.edu", admin: true);
        var admin = await app.SignInAsync("access.admin@example.edu");
        var ta = await app.SignInAsync("floating.ta@example.edu");
        var lectures = $"/Staff/Courses/{courseId}/Lectures";

        using (var before = await ta.GetAsync(lectures))
        {
            Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);
        }

        // Listed on the course page by address before they had an account.
        var listing = await app.WithDbAsync(async db =>
        {
            var member = new CoursePortal.Data.StaffMember { CourseId = courseId, Name = "floating.ta@example.edu", Role = "Teaching assistant", Email = "floating.ta@example.edu", SortOrder = 95 };
            db.StaffMembers.Add(member);
            await db.SaveChangesAsync();
            return member.Id;
        });

        // Added by address, not picked from a list of every account: one with an account is given access at once.
        var page = await app.GetDocumentAsync(admin, $"/Manage/Access/{courseId}");
        Assert.DoesNotContain("floating.ta@example.edu", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        using (var assigned = await admin.SubmitFormAsync(page, $"/Manage/Access/{courseId}", new Dictionary<string, string?>
        {
            ["InviteEmail"] = "Floating.TA@example.edu",
            ["InviteRole"] = "TA",
        }, "form[action*='handler=Invite']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, assigned.StatusCode);
        }

        Assert.Equal("TA", await app.WithDbAsync(db => db.CourseAssignments.Where(a => a.CourseId == courseId && a.UserId == taId).Select(a => a.Role).SingleAsync()));
        Assert.False(await app.WithDbAsync(db => db.AccountTokens.AnyAsync(t => t.Email == "Floating.TA@example.edu")));
        var linked = await app.WithDbAsync(db => db.StaffMembers.AsNoTracking().Include(m => m.User).SingleAsync(m => m.Id == listing));
        Assert.Equal((taId, linked.User!.DisplayName), (linked.UserId, linked.Name));

        using (var during = await ta.GetAsync(lectures))
        {
            Assert.Equal(HttpStatusCode.OK, during.StatusCode);
        }

        using (var removed = await admin.SubmitFormAsync($"/Manage/Access/{courseId}", new Dictionary<string, string?>(), $"form[action*='userId={taId}']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        }

        using (var after = await ta.GetAsync(lectures))
        {
            Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
        }

        var actions = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == "CourseAssignment").Select(a => a.Action).ToListAsync());
        Assert.Equal(["Create", "Delete"], actions);
    }

    [Fact]
    public async Task A_disabled_account_is_not_given_access_by_its_address()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        var userId = await app.CreateUserAsync("disabled.ta@example.edu");
        await app.WithDbAsync(async db =>
        {
            (await db.Users.SingleAsync(u => u.Id == userId)).IsDisabled = true;
            await db.SaveChangesAsync();
        });
        await app.CreateUserAsync("access.admin2@example.edu", admin: true);
        var admin = await app.SignInAsync("access.admin2@example.edu");

        using var refused = await admin.SubmitFormAsync($"/Manage/Access/{courseId}", new Dictionary<string, string?>
        {
            ["InviteEmail"] = "disabled.ta@example.edu",
            ["InviteRole"] = "TA",
        }, "form[action*='handler=Invite']");

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Email: the account of disabled.ta@example.edu is disabled", (await refused.ReadDocumentAsync()).QuerySelector(".field-error")!.TextContent, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.CourseAssignments.AnyAsync(a => a.UserId == userId)));
        Assert.False(await app.WithDbAsync(db => db.AccountTokens.AnyAsync(t => t.Email == "disabled.ta@example.edu")));
    }

    [Fact]
    public async Task The_admin_creates_a_course_with_a_valid_unique_slug()
    {
        await app.CreateUserAsync("course.admin@example.edu", admin: true);
        var admin = await app.SignInAsync("course.admin@example.edu");

        await app.WithDbAsync(async db =>
        {
            db.Terms.Add(new CoursePortal.Data.Term { Name = "Spring 2026", StartDate = new(2026, 1, 26), EndDate = new(2026, 5, 8) });
            await db.SaveChangesAsync();
        });
        using var reserved = await admin.SubmitFormAsync("/Admin/Courses", new Dictionary<string, string?>
        {
            ["Input.Slug"] = "staff", ["Input.Code"] = "X", ["Input.Title"] = "X", ["Input.TermName"] = "Spring 2026",
        });
        Assert.Contains("used by the portal", (await reserved.ReadDocumentAsync()).FieldError("Input.Slug"), StringComparison.Ordinal);

        using var taken = await admin.SubmitFormAsync("/Admin/Courses", new Dictionary<string, string?>
        {
            ["Input.Slug"] = DemoSeeder.Slug, ["Input.Code"] = "X", ["Input.Title"] = "X", ["Input.TermName"] = "Spring 2026",
        });
        Assert.Contains("another course", (await taken.ReadDocumentAsync()).FieldError("Input.Slug"), StringComparison.Ordinal);

        using var created = await admin.SubmitFormAsync("/Admin/Courses", new Dictionary<string, string?>
        {
            ["Input.Slug"] = "cos597-spring-2026", ["Input.Code"] = "COS 597", ["Input.Title"] = "Advanced Topics",
            ["Input.TermName"] = "Spring 2026", ["Input.TermStart"] = "2026-01-26", ["Input.TermEnd"] = "2026-05-08",
            ["Input.TimeZoneId"] = "America/Chicago",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var course = await app.WithDbAsync(db => db.Courses.SingleAsync(c => c.Slug == "cos597-spring-2026"));
        Assert.Equal("America/Chicago", course.TimeZoneId);
        Assert.False(course.IsPublished);
        using var hidden = await app.CreateClient().GetAsync("/cos597-spring-2026");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
    }
}
