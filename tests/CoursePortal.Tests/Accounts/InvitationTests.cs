using System.Net;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Accounts;

/// <summary>Invitations, reset links and disabling, driven through the admin's real forms.</summary>
public sealed class InvitationTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    [Fact]
    public async Task Invitation_link_creates_an_account_with_access_to_the_course_and_works_once()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        var link = await InviteAsync("new.ta@example.edu", courseId);

        var invitee = app.Browser();
        using var accepted = await invitee.SubmitFormAsync(link, new Dictionary<string, string?>
        {
            ["Input.Name"] = "New TA",
            ["Input.NewPassword"] = "invited password",
            ["Input.ConfirmPassword"] = "invited password",
        });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        using (var lectures = await invitee.GetAsync($"/Staff/Courses/{courseId}/Lectures"))
        {
            Assert.Equal(HttpStatusCode.OK, lectures.StatusCode);
        }

        var reuse = await app.GetDocumentAsync(app.Browser(), link);
        Assert.Contains("not valid", reuse.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Null(reuse.QuerySelector("main form"));
        Assert.DoesNotContain(app.Logs.Messages, m => m.Contains(link.Split("token=")[1], StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Messages, m => m.Contains("invited password", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invitation_expires_after_seven_days()
    {
        var link = await InviteAsync("late@example.edu", null);

        app.Clock.SetUtcNow(app.Clock.Now.AddDays(7).AddMinutes(1));
        try
        {
            var doc = await app.GetDocumentAsync(app.Browser(), link);
            Assert.Contains("expired", doc.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
            Assert.Null(doc.QuerySelector("main form"));
        }
        finally
        {
            app.Clock.SetUtcNow(PortalApplication.MidTerm);
        }
    }

    [Fact]
    public async Task Revoked_invitation_no_longer_works()
    {
        var link = await InviteAsync("revoked@example.edu", null);
        var admin = await AdminAsync();
        var id = await app.WithDbAsync(db => db.AccountTokens.Where(t => t.Email == "revoked@example.edu").Select(t => t.Id).SingleAsync());

        using var revoked = await admin.SubmitFormAsync("/Admin", new Dictionary<string, string?>(),
            $"form[action*='handler=Revoke'][action*='id={id}&']");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);

        var doc = await app.GetDocumentAsync(app.Browser(), link);
        Assert.Null(doc.QuerySelector("main form"));
    }

    [Fact]
    public async Task Inviting_an_address_that_has_an_account_is_refused_next_to_the_field()
    {
        await app.CreateUserAsync("exists@example.edu");
        var admin = await AdminAsync();

        using var response = await admin.SubmitFormAsync("/Admin", new Dictionary<string, string?> { ["Invite.Email"] = "exists@example.edu" },
            "form[action*='handler=Invite']");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await response.ReadDocumentAsync();
        Assert.Contains("has an account already", doc.FieldError("Invite.Email"), StringComparison.Ordinal);
        Assert.Equal("exists@example.edu", doc.GetElementById("Invite_Email")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Reset_link_sets_a_new_password_and_disabling_blocks_sign_in()
    {
        await app.CreateUserAsync("forgetful@example.edu");
        var admin = await AdminAsync();
        var page = await app.GetDocumentAsync(admin, "/Admin");
        var resetForm = page.QuerySelectorAll("tr").Single(tr => tr.TextContent.Contains("forgetful@example.edu", StringComparison.Ordinal))
            .QuerySelector("form[action*='handler=ResetLink']")!;

        using (var made = await admin.SubmitFormAsync(page, "/Admin", new Dictionary<string, string?>(), $"form[action='{resetForm.GetAttribute("action")}']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
        }

        var link = await ShownLinkAsync(admin);
        using (var reset = await app.Browser().SubmitFormAsync(link, new Dictionary<string, string?>
        {
            ["Input.NewPassword"] = "remembered at last",
            ["Input.ConfirmPassword"] = "remembered at last",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        }

        await app.SignInAsync("forgetful@example.edu", "remembered at last");

        page = await app.GetDocumentAsync(admin, "/Admin");
        var disableAction = page.QuerySelectorAll("tr").Single(tr => tr.TextContent.Contains("forgetful@example.edu", StringComparison.Ordinal))
            .QuerySelector("form[action*='handler=Disable']")!.GetAttribute("action");
        using (var disabled = await admin.SubmitFormAsync(page, "/Admin", new Dictionary<string, string?>(), $"form[action='{disableAction}']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        }

        using var refused = await app.Browser().SubmitFormAsync("/Account/Login", new Dictionary<string, string?>
        {
            ["Input.Email"] = "forgetful@example.edu",
            ["Input.Password"] = "remembered at last",
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal("Wrong e-mail address or password.", (await refused.ReadDocumentAsync()).QuerySelector(".form-errors")!.TextContent.Trim());
    }

    private async Task<HttpClient> AdminAsync()
    {
        var email = $"admin-{Guid.NewGuid():n}@example.edu";
        await app.CreateUserAsync(email, admin: true);
        return await app.SignInAsync(email);
    }

    private async Task<string> InviteAsync(string email, int? courseId)
    {
        var admin = await AdminAsync();
        using var response = await admin.SubmitFormAsync("/Admin", new Dictionary<string, string?>
        {
            ["Invite.Email"] = email,
            ["Invite.CourseId"] = courseId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            ["Invite.Role"] = "TA",
        }, "form[action*='handler=Invite']");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await ShownLinkAsync(admin);
    }

    /// <summary>The one-time link the admin page shows after making it, as a path.</summary>
    private async Task<string> ShownLinkAsync(HttpClient admin)
    {
        var doc = await app.GetDocumentAsync(admin, "/Admin");
        var url = doc.QuerySelector(".new-link input")!.GetAttribute("value")!;
        return new Uri(url).PathAndQuery;
    }
}
