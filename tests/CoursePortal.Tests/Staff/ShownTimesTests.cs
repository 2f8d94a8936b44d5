using System.Net;
using CoursePortal.Courses;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;

namespace CoursePortal.Tests.Staff;

/// <summary>A portal whose own zone differs from the demo course's (New York), so the two cannot be confused.</summary>
public sealed class ChicagoPortalApplication : PortalApplication
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Portal:TimeZone", "America/Chicago")];
}

/// <summary>Times on staff and admin pages are in the course's zone or, portal-wide, the portal's, with the zone named.</summary>
public sealed class ShownTimesTests(ChicagoPortalApplication app) : IClassFixture<ChicagoPortalApplication>
{
    [Fact]
    public void An_instant_reads_in_the_given_zone_with_the_zone_named()
    {
        var utc = new DateTime(2026, 12, 2, 21, 30, 0, DateTimeKind.Utc);

        Assert.Equal("Dec 2, 2026, 4:30 pm (New York time)", Formats.DateTimeIn(utc, CourseClock.Zone("America/New_York")));
        Assert.Equal("Dec 2, 2026, 9:30 pm (UTC)", Formats.DateTimeIn(utc, TimeZoneInfo.Utc));
    }

    [Fact]
    public async Task Invitation_expiry_and_the_portal_audit_log_are_in_the_portals_zone()
    {
        await app.CreateUserAsync("times.admin@example.edu", admin: true);
        var admin = await app.SignInAsync("times.admin@example.edu");
        using (var invited = await admin.SubmitFormAsync("/Admin", new Dictionary<string, string?>
        {
            ["Invite.Email"] = "times.invitee@example.edu", ["Invite.CourseId"] = "", ["Invite.Role"] = "TA",
        }, "form[action*='handler=Invite']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        }

        // MidTerm is 16:00 UTC on Sep 10, 2025: 11 am in Chicago (CDT); invitations last 7 days.
        var page = await app.GetDocumentAsync(admin, "/Admin");
        var row = page.QuerySelectorAll("tr").Single(tr => tr.TextContent.Contains("times.invitee@example.edu", StringComparison.Ordinal));
        Assert.Contains("Sep 17, 2025, 11:00 am (Chicago time)", row.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("UTC", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        var audit = await app.GetDocumentAsync(admin, "/Admin/Audit");
        Assert.Contains("Sep 10, 2025, 11:00 am (Chicago time)", audit.QuerySelector("table.audit tbody tr")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_courses_change_log_is_in_the_courses_zone()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        await app.CreateUserAsync("times.instructor@example.edu", courseId: courseId, role: CoursePortal.Accounts.StaffRoles.Instructor);
        var instructor = await app.SignInAsync("times.instructor@example.edu");
        using (var added = await instructor.SubmitFormAsync($"/Staff/Courses/{courseId}/Holidays", new Dictionary<string, string?>
        {
            ["Input.Name"] = "Times day", ["Input.StartDate"] = "2025-11-03", ["Input.EndDate"] = "",
        }, "main form.form"))
        {
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        }

        var log = await app.GetDocumentAsync(instructor, $"/Staff/Courses/{courseId}/Audit");
        var row = log.QuerySelectorAll("table.audit tbody tr").First(tr => tr.TextContent.Contains("Times day", StringComparison.Ordinal));
        // 16:00 UTC is noon in New York (EDT), the course's zone, not 11 am as in the portal's.
        Assert.Contains("Sep 10, 2025, 12:00 pm (New York time)", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("2025-09-10T16:00:00Z", row.QuerySelector("time")!.GetAttribute("datetime"));
    }

    [Fact]
    public async Task Registrar_runs_are_listed_and_shown_in_the_portals_zone()
    {
        await app.CreateUserAsync("times.registrar@example.edu", admin: true);
        var admin = await app.SignInAsync("times.registrar@example.edu");
        var key = Guid.NewGuid();
        // Queued at 16:00 UTC (11 am in Chicago, CDT), finished at 16:05 UTC; stored as done, so no background run takes it.
        await app.WithDbAsync(async db =>
        {
            db.ProvisioningRuns.Add(new CoursePortal.Data.ProvisioningRun
            {
                Key = key, FileName = "times.csv", Content = [], RequestedById = "someone", RequestedByName = "Times Admin",
                State = CoursePortal.Data.ProvisioningState.Done,
                CreatedAt = new DateTime(2025, 9, 10, 16, 0, 0, DateTimeKind.Utc), FinishedAt = new DateTime(2025, 9, 10, 16, 5, 0, DateTimeKind.Utc),
            });
            await db.SaveChangesAsync();
        });

        var list = await app.GetDocumentAsync(admin, "/Admin/Registrar/Run");
        var row = list.QuerySelectorAll("tr").Single(tr => tr.TextContent.Contains("times.csv", StringComparison.Ordinal));
        Assert.Contains("Sep 10, 2025, 11:00 am (Chicago time)", row.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("UTC", list.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        var run = await app.GetDocumentAsync(admin, $"/Admin/Registrar/Run/{key}");
        var main = run.QuerySelector("main")!.TextContent;
        Assert.Contains("Sep 10, 2025, 11:00 am (Chicago time)", main, StringComparison.Ordinal);
        Assert.Contains("Sep 10, 2025, 11:05 am (Chicago time)", run.QuerySelector("main [role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("UTC", main, StringComparison.Ordinal);
    }
}
