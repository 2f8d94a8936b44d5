using System.Net;
using CoursePortal.Accounts;
using CoursePortal.Data;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Tests.Accounts;

/// <summary>
/// Single sign-on through a real OpenID Connect provider on a loopback port (<see cref="TestIdentityProvider"/>): who
/// gets in on a first sign-in, how the link holds afterwards, and how failures end.
/// </summary>
public sealed class SsoSignInTests(SsoPortalApplication app) : IClassFixture<SsoPortalApplication>
{
    private TestIdentityProvider Idp => app.Provider;

    [Fact]
    public async Task A_known_verified_email_links_the_account_and_lands_on_the_dashboard()
    {
        var email = Unique("known");
        var userId = await app.CreateUserAsync(email);
        var login = Idp.AddPerson(email);

        using var result = await app.SsoSignInAsync(app.Browser(), login);

        AssertSignedIn(result);
        Assert.Equal([(TestIdentityProvider.ProviderName, Idp.People[login].Subject)], await LoginsAsync(userId));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(null)]
    public async Task An_email_the_provider_does_not_call_verified_is_refused_and_nothing_is_linked(bool? verified)
    {
        // email_verified false, or left out (which counts as unverified).
        var email = Unique("unverified");
        var userId = await app.CreateUserAsync(email);
        var login = Idp.AddPerson(email, emailVerified: verified);

        using var result = await app.SsoSignInAsync(app.Browser(), login);

        AssertRefused(result, SsoSignIn.Unverified(email));
        Assert.Empty(await LoginsAsync(userId));
    }

    [Fact]
    public async Task An_unknown_person_sees_a_plain_refusal_and_no_account_is_created()
    {
        var email = Unique("stranger");
        var login = Idp.AddPerson(email);
        var before = await app.WithDbAsync(db => db.Users.CountAsync());

        using var result = await app.SsoSignInAsync(app.Browser(), login);

        AssertRefused(result, $"You signed in as {email}, but this portal has no staff account for you — ask the portal's admin.");
        Assert.Equal(before, await app.WithDbAsync(db => db.Users.CountAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.UserLogins.CountAsync(l => l.ProviderKey == Idp.People[login].Subject)));
    }

    [Fact]
    public async Task An_invitation_opened_before_the_sign_in_creates_the_account_linked_to_that_identity()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        var invited = Unique("invited");
        var link = await InvitationAsync(invited, courseId);
        // Listed on the course page by the invited address, as a registrar import lists someone without an account.
        var listing = await app.WithDbAsync(async db =>
        {
            var member = new StaffMember { CourseId = courseId, Name = invited, Role = "Teaching assistant", Email = invited.ToUpperInvariant(), SortOrder = 90 };
            db.StaffMembers.Add(member);
            await db.SaveChangesAsync();
            return member.Id;
        });
        // The provider knows the person under another address: the invitation link is what admits them.
        var login = Idp.AddPerson(Unique("other-address"), name: "Ivy Invited");
        var browser = app.Browser();

        using var result = await app.SsoSignInAsync(browser, login, startUrl: link);

        AssertSignedIn(result);
        Assert.Contains("You can now edit", (await PortalApplication.ParseAsync(result.Html)).QuerySelector(".flash")!.TextContent, StringComparison.Ordinal);
        var user = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == invited));
        Assert.Equal("Ivy Invited", user.DisplayName);
        Assert.Null(user.PasswordHash);
        Assert.Equal([(TestIdentityProvider.ProviderName, Idp.People[login].Subject)], await LoginsAsync(user.Id));
        Assert.True(await app.WithDbAsync(db => db.CourseAssignments.AnyAsync(a => a.CourseId == courseId && a.UserId == user.Id && a.Role == StaffRoles.TeachingAssistant)));
        var listed = await app.WithDbAsync(db => db.StaffMembers.AsNoTracking().SingleAsync(s => s.Id == listing));
        Assert.Equal((user.Id, "Ivy Invited"), (listed.UserId, listed.Name));
        using (var lectures = await browser.GetAsync($"/Staff/Courses/{courseId}/Lectures"))
        {
            Assert.Equal(HttpStatusCode.OK, lectures.StatusCode);
        }

        var used = await app.GetDocumentAsync(app.Browser(), link);
        Assert.Contains("not valid", used.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_email_at_the_provider_still_signs_in_the_same_account()
    {
        var email = Unique("renamed");
        var userId = await app.CreateUserAsync(email);
        var login = Idp.AddPerson(email);
        (await app.SsoSignInAsync(app.Browser(), login)).Dispose();

        Idp.People[login].Email = Unique("new-name");
        Idp.People[login].EmailVerified = false;
        using var again = await app.SsoSignInAsync(app.Browser(), login);

        AssertSignedIn(again);
        Assert.Equal([(TestIdentityProvider.ProviderName, Idp.People[login].Subject)], await LoginsAsync(userId));
        Assert.Equal(1, await app.WithDbAsync(db => db.UserLogins.CountAsync(l => l.ProviderKey == Idp.People[login].Subject)));
    }

    [Fact]
    public async Task A_reused_email_cannot_take_over_an_account_linked_to_the_person_who_had_it()
    {
        var email = Unique("reused");
        var userId = await app.CreateUserAsync(email);
        var first = Idp.AddPerson(email);
        (await app.SsoSignInAsync(app.Browser(), first)).Dispose();
        // The university gives the address to someone new: another subject, the same verified e-mail.
        Idp.People[first].Email = Unique("left");
        var successor = Idp.AddPerson(email);

        using var result = await app.SsoSignInAsync(app.Browser(), successor);

        AssertRefused(result, SsoSignIn.OtherIdentityLinked(email));
        Assert.Equal([(TestIdentityProvider.ProviderName, Idp.People[first].Subject)], await LoginsAsync(userId));
    }

    [Fact]
    public async Task A_disabled_account_is_refused_by_single_sign_on_too()
    {
        var email = Unique("disabled");
        var userId = await app.CreateUserAsync(email);
        var login = Idp.AddPerson(email);
        (await app.SsoSignInAsync(app.Browser(), login)).Dispose();
        await SetAsync(userId, u => u.IsDisabled = true);

        using var result = await app.SsoSignInAsync(app.Browser(), login);

        AssertRefused(result, SsoSignIn.Disabled);
    }

    [Fact]
    public async Task A_locked_out_account_is_refused_by_single_sign_on_too()
    {
        var email = Unique("locked");
        var userId = await app.CreateUserAsync(email);
        var login = Idp.AddPerson(email);
        await SetAsync(userId, u => u.LockoutEnd = app.Clock.GetUtcNow().AddMinutes(10));

        using var result = await app.SsoSignInAsync(app.Browser(), login);

        AssertRefused(result, SsoSignIn.LockedOut);
    }

    [Fact]
    public async Task Wrong_passwords_cannot_lock_an_account_without_one_out_of_single_sign_on()
    {
        var email = Unique("no-password");
        var login = Idp.AddPerson(email);
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        (await app.SsoSignInAsync(app.Browser(), login, startUrl: await InvitationAsync(email, courseId))).Dispose();

        for (var i = 0; i < 6; i++)
        {
            using var guess = await app.Browser().SubmitFormAsync("/Account/Login", new Dictionary<string, string?>
            {
                ["Input.Email"] = email,
                ["Input.Password"] = $"guessed password {i}",
            }, "#password-sign-in");
            Assert.Equal(HttpStatusCode.OK, guess.StatusCode);
        }

        AssertSignedIn(await app.SsoSignInAsync(app.Browser(), login));
    }

    [Fact]
    public async Task A_tampered_state_ends_on_a_readable_page_and_signs_nobody_in()
    {
        var email = Unique("state");
        await app.CreateUserAsync(email);
        var login = Idp.AddPerson(email);
        var browser = app.Browser();

        using var result = await app.SsoSignInAsync(browser, login, changeCallback: callback =>
            new Uri(System.Text.RegularExpressions.Regex.Replace(callback.ToString(), "state=[^&]+", "state=CfDJ8forged")));

        AssertFailed(result, "invalid", "could not be checked");
        await AssertSignedOutAsync(browser);
    }

    [Fact]
    public async Task An_id_token_with_another_nonce_ends_on_a_readable_page_and_signs_nobody_in()
    {
        var email = Unique("nonce");
        var userId = await app.CreateUserAsync(email);
        var login = Idp.AddPerson(email, configure: p => p.TamperNonce = true);
        var browser = app.Browser();

        using var result = await app.SsoSignInAsync(browser, login);

        AssertFailed(result, "invalid", "could not be checked");
        await AssertSignedOutAsync(browser);
        Assert.Empty(await LoginsAsync(userId));
        Assert.Contains(app.Logs.Messages, m => m.Contains("Single sign-on with \"uni\" failed", StringComparison.Ordinal) && m.Contains("nonce", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_callback_used_twice_is_refused_the_second_time()
    {
        var email = Unique("replay");
        await app.CreateUserAsync(email);
        var login = Idp.AddPerson(email);
        Uri? callback = null;
        (await app.SsoSignInAsync(app.Browser(), login, changeCallback: c => callback = c)).Dispose();

        using var replay = await SsoPortalApplication.FollowAsync(app.Browser(), callback!);

        AssertFailed(replay, "invalid", "could not be checked");
    }

    [Fact]
    public async Task Cancelling_at_the_provider_ends_on_a_readable_page()
    {
        using var result = await app.SsoSignInAsync(app.Browser(), login: null);

        AssertFailed(result, "denied", "cancelled");
    }

    [Fact]
    public async Task Signing_out_ends_the_session_at_the_provider_too_and_returns_to_the_portal()
    {
        var email = Unique("sign-out");
        await app.CreateUserAsync(email);
        var login = Idp.AddPerson(email);
        var browser = app.Browser();
        using var idpBrowser = SsoPortalApplication.ProviderBrowser();
        (await app.SsoSignInAsync(browser, login, providerBrowser: idpBrowser)).Dispose();
        // The security stamp check re-issues the cookie after a minute: the provider's name and ID token must survive it.
        app.Clock.AdvanceQuietly(TimeSpan.FromMinutes(2));
        using (var later = await browser.GetAsync("/Staff"))
        {
            Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        }

        using var signOut = await browser.SubmitFormAsync("/Staff", new Dictionary<string, string?>(), "form[action$='/Account/Logout']");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        var endSession = signOut.Headers.Location!;
        Assert.StartsWith(Idp.Authority + "connect/endsession", endSession.ToString(), StringComparison.Ordinal);
        Assert.Contains("id_token_hint=", endSession.Query, StringComparison.Ordinal);
        using var atProvider = await idpBrowser.GetAsync(endSession);
        Assert.Equal(HttpStatusCode.Redirect, atProvider.StatusCode);
        Assert.Contains(Idp.People[login].Subject, Idp.EndSessions);
        using var back = await SsoPortalApplication.FollowAsync(browser, atProvider.Headers.Location!);
        Assert.Equal(HttpStatusCode.OK, back.Status);
        Assert.Equal("/", back.LastPath);
        Assert.Equal("You are signed out.", (await PortalApplication.ParseAsync(back.Html)).QuerySelector(".flash")?.TextContent);
        await AssertSignedOutAsync(browser);
        // The provider's session is gone: the next sign-in asks for the login again.
        using var next = await browser.SubmitFormAsync("/Account/Login", new Dictionary<string, string?>(), "form.sso-form");
        using var loginPage = await idpBrowser.GetAsync(next.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, loginPage.StatusCode);
        Assert.Contains("Test University sign-in", await loginPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_account_page_lists_the_linked_methods_and_the_admin_can_unlink_one()
    {
        var email = Unique("methods");
        var userId = await app.CreateUserAsync(email);
        var login = Idp.AddPerson(email);
        var browser = app.Browser();
        (await app.SsoSignInAsync(browser, login)).Dispose();

        var account = await app.GetDocumentAsync(browser, "/Account");
        var methods = account.QuerySelector(".sign-in-methods")!.TextContent;
        Assert.Contains("Sign in with Test University", methods, StringComparison.Ordinal);
        Assert.Contains("Password:", methods, StringComparison.Ordinal);

        var adminEmail = Unique("unlinking-admin");
        await app.CreateUserAsync(adminEmail, admin: true);
        var admin = await app.SignInAsync(adminEmail);
        var row = (await app.GetDocumentAsync(admin, "/Admin")).QuerySelectorAll("tr").Single(tr => tr.TextContent.Contains(email, StringComparison.Ordinal));
        Assert.Contains("Sign in with Test University", row.TextContent, StringComparison.Ordinal);
        var unlink = row.QuerySelector("form[action*='handler=Unlink']")!.GetAttribute("action")!;
        using (var unlinked = await admin.SubmitFormAsync("/Admin", new Dictionary<string, string?>(), $"form[action='{unlink}']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, unlinked.StatusCode);
        }

        Assert.Empty(await LoginsAsync(userId));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "Unlink" && a.EntityId == email)));
        // Unlinking ends the account's sessions (a new security stamp) once the check runs.
        app.Clock.AdvanceQuietly(TimeSpan.FromMinutes(2));
        await AssertSignedOutAsync(browser);
    }

    [Theory]
    [InlineData("/Admin?handler=Unlink")]
    [InlineData("/Admin?handler=Unlink&id=no-such-account&provider=uni")]
    [InlineData("/Admin?handler=Unlink&id={self}&provider=no-such-provider")]
    public async Task Unlinking_nothing_gives_404_not_a_server_error(string url)
    {
        var adminEmail = Unique("unlink-nothing");
        var adminId = await app.CreateUserAsync(adminEmail, admin: true);
        var admin = await app.SignInAsync(adminEmail);
        var token = (await app.GetDocumentAsync(admin, "/Admin")).QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;

        using var response = await admin.PostAsync(url.Replace("{self}", adminId, StringComparison.Ordinal), new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Linking_an_unknown_or_already_linked_provider_is_refused_on_the_account_page()
    {
        var email = Unique("link-twice");
        await app.CreateUserAsync(email);
        var browser = await app.SignInAsync(email);
        var account = await app.GetDocumentAsync(browser, "/Account");

        using var response = await browser.SubmitFormAsync(account, "/Account", new Dictionary<string, string?> { ["provider"] = "no-such\u0001provider" }, "form.sso-form");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Choose a sign-in method this account does not have yet.", (await response.ReadDocumentAsync()).QuerySelector(".form-errors")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_in_person_links_the_provider_from_the_account_page()
    {
        var email = Unique("linker");
        var userId = await app.CreateUserAsync(email);
        var browser = await app.SignInAsync(email);
        // The provider knows them under another address, so only this explicit link can join the two.
        var login = Idp.AddPerson(Unique("elsewhere"));

        using var result = await app.SsoSignInAsync(browser, login, startUrl: "/Account");

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal("/Account", result.LastPath);
        Assert.Equal([(TestIdentityProvider.ProviderName, Idp.People[login].Subject)], await LoginsAsync(userId));
        AssertSignedIn(await app.SsoSignInAsync(app.Browser(), login));
    }

    [Fact]
    public async Task Logs_of_sign_ins_hold_no_token_code_or_secret()
    {
        var email = Unique("logged");
        await app.CreateUserAsync(email);
        var login = Idp.AddPerson(email);
        Uri? callback = null;
        (await app.SsoSignInAsync(app.Browser(), login, changeCallback: c => callback = c)).Dispose();
        (await SsoPortalApplication.FollowAsync(app.Browser(), callback!)).Dispose();

        var code = System.Web.HttpUtility.ParseQueryString(callback!.Query)["code"]!;
        Assert.DoesNotContain(app.Logs.Messages, m => m.Contains(code, StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Messages, m => m.Contains("eyJ", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Messages, m => m.Contains(TestIdentityProvider.ClientSecret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_sign_in_page_has_one_button_per_provider_above_the_password_form()
    {
        var doc = await app.GetDocumentAsync(app.Browser(), "/Account/Login");

        var forms = doc.QuerySelectorAll("main form").ToList();
        Assert.Equal(2, forms.Count);
        Assert.Equal("Sign in with Test University", forms[0].QuerySelector("button")!.TextContent.Trim());
        Assert.Equal("uni", forms[0].QuerySelector("input[name='provider']")!.GetAttribute("value"));
        Assert.NotNull(forms[0].QuerySelector("input[name='__RequestVerificationToken']"));
        Assert.NotNull(forms[1].QuerySelector("#Input_Password"));
    }

    [Fact]
    public async Task The_page_policy_lets_sign_in_forms_continue_to_the_provider_and_nowhere_else()
    {
        using var response = await app.Browser().GetAsync("/Account/Login");

        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains($"form-action 'self' {new Uri(Idp.Authority).GetLeftPart(UriPartial.Authority)};", policy, StringComparison.Ordinal);
    }

    private static string Unique(string what) => $"{what}.{Guid.NewGuid().ToString("n")[..8]}@example.edu";

    private void AssertSignedIn(SsoResult result)
    {
        var warnings = string.Join("\n", app.Logs.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning).Select(e => e.Message).TakeLast(5));
        Assert.True(result.Status == HttpStatusCode.OK && result.LastPath == "/Staff", $"Ended at {result.LastPath} ({(int)result.Status}); last warnings: {warnings}");
        Assert.Contains("My courses", result.Html, StringComparison.Ordinal);
    }

    private static void AssertRefused(SsoResult result, string message)
    {
        Assert.Equal(HttpStatusCode.Forbidden, result.Status);
        Assert.StartsWith("/Account/Sso", result.LastPath, StringComparison.Ordinal);
        var page = PortalApplication.ParseAsync(result.Html).GetAwaiter().GetResult();
        Assert.Equal(message, page.QuerySelector("main [role='alert']")!.TextContent.Trim());
    }

    private static void AssertFailed(SsoResult result, string reason, string words)
    {
        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal($"/Account/SsoFailed?reason={reason}", result.LastPath);
        Assert.Contains(words, result.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Html, StringComparison.Ordinal);
    }

    private static async Task AssertSignedOutAsync(HttpClient browser)
    {
        using var staff = await browser.GetAsync("/Staff");
        Assert.Equal(HttpStatusCode.Redirect, staff.StatusCode);
        Assert.Contains("/Account/Login", staff.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    private async Task<string> InvitationAsync(string email, int courseId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var raw = await scope.ServiceProvider.GetRequiredService<AccountTokens>().IssueAsync(new AccountToken
        {
            TokenHash = "",
            Purpose = AccountTokenPurpose.Invitation,
            Email = email,
            CourseId = courseId,
            CourseRole = StaffRoles.TeachingAssistant,
        }, AccountTokens.InvitationLifetime, CancellationToken.None);
        return "/" + AccountTokens.InvitationPath(raw);
    }

    private async Task SetAsync(string userId, Action<PortalUser> change)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = (await users.FindByIdAsync(userId))!;
        change(user);
        Assert.True((await users.UpdateAsync(user)).Succeeded);
    }

    private Task<List<(string Provider, string Key)>> LoginsAsync(string userId) =>
        app.WithDbAsync(async db => (await db.UserLogins.Where(l => l.UserId == userId).ToListAsync())
            .Select(l => (l.LoginProvider, l.ProviderKey)).ToList());
}
