using System.Net;
using CoursePortal.Accounts;
using CoursePortal.Hosting;
using CoursePortal.Pages.Account;
using CoursePortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Tests.Accounts;

/// <summary>A provider that makes accounts at the first sign-in, for addresses in its domains only.</summary>
public sealed class AutoProvisionPortalApplication : SsoPortalApplication
{
    protected override IReadOnlyDictionary<string, string> ProviderSettings => new Dictionary<string, string>
    {
        ["AutoProvision"] = "true",
        ["AllowedEmailDomains:0"] = "staff.example.edu",
    };
}

public sealed class SsoAutoProvisionTests(AutoProvisionPortalApplication app) : IClassFixture<AutoProvisionPortalApplication>
{
    [Fact]
    public async Task A_verified_address_in_an_allowed_domain_gets_an_account_with_no_course()
    {
        var email = $"new.{Guid.NewGuid().ToString("n")[..8]}@staff.example.edu";
        var login = app.Provider.AddPerson(email, name: "Nora New");

        using var result = await app.SsoSignInAsync(app.Browser(), login);

        Assert.Equal("/Staff", result.LastPath);
        Assert.Contains("the portal's admin gives it its courses", (await PortalApplication.ParseAsync(result.Html)).QuerySelector(".flash")!.TextContent, StringComparison.Ordinal);
        var user = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == email));
        Assert.Equal("Nora New", user.DisplayName);
        Assert.False(await app.WithDbAsync(db => db.CourseAssignments.AnyAsync(a => a.UserId == user.Id)));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "Create" && a.EntityId == email && a.UserId == user.Id)));
    }

    [Theory]
    [InlineData("outsider@example.com", true)]
    [InlineData("sub@dept.staff.example.edu", true)]
    [InlineData("unverified@staff.example.edu", false)]
    public async Task Anyone_outside_the_domains_or_unverified_is_refused_and_nothing_is_created(string address, bool verified)
    {
        var email = $"{Guid.NewGuid().ToString("n")[..6]}.{address}";
        var login = app.Provider.AddPerson(email, emailVerified: verified);
        var before = await app.WithDbAsync(db => db.Users.CountAsync());

        using var result = await app.SsoSignInAsync(app.Browser(), login);

        Assert.Equal(HttpStatusCode.Forbidden, result.Status);
        Assert.Contains("this portal has no staff account for you", (await PortalApplication.ParseAsync(result.Html)).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync(db => db.Users.CountAsync()));
    }
}

/// <summary>Passwords off for everyone but one break-glass admin; the provider's "groups" claim makes admins.</summary>
public sealed class PasswordsOffPortalApplication : SsoPortalApplication
{
    public const string BreakGlass = "glass@example.edu";

    public PasswordsOffPortalApplication() => Task.Run(() => CreateUserAsync(BreakGlass, admin: true)).GetAwaiter().GetResult();

    protected override IReadOnlyDictionary<string, string> ProviderSettings => new Dictionary<string, string>
    {
        ["AdminClaim"] = "groups",
        ["AdminClaimValue"] = "portal-admins",
        ["Scopes:0"] = "groups",
    };

    protected override IEnumerable<KeyValuePair<string, string>> PortalSettings =>
    [
        new("Portal:Sso:DisablePasswords", "true"),
        new("Portal:Sso:BreakGlassAdmins:0", BreakGlass),
    ];
}

public sealed class SsoPasswordsOffTests(PasswordsOffPortalApplication app) : IClassFixture<PasswordsOffPortalApplication>
{
    [Fact]
    public async Task The_sign_in_page_shows_the_provider_and_hides_the_password_form()
    {
        var doc = await app.GetDocumentAsync(app.Browser(), "/Account/Login");

        Assert.Single(doc.QuerySelectorAll("main form"));
        Assert.NotNull(doc.QuerySelector("main form.sso-form"));
        Assert.Null(doc.QuerySelector("#Input_Password"));
        Assert.NotNull(doc.QuerySelector("main a[href*='password=true']"));
    }

    [Fact]
    public async Task The_password_form_refuses_everyone_but_the_break_glass_admins()
    {
        var email = $"staff.{Guid.NewGuid().ToString("n")[..8]}@example.edu";
        await app.CreateUserAsync(email);

        using var refused = await app.Browser().SubmitFormAsync("/Account/Login?password=true", new Dictionary<string, string?>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = PortalApplication.DefaultPassword,
        }, "#password-sign-in");

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains(LoginModel.PasswordsOff, (await refused.ReadDocumentAsync()).QuerySelector(".form-errors")!.TextContent, StringComparison.Ordinal);
        await app.SignInAsync(PasswordsOffPortalApplication.BreakGlass);
        // The rule sits in the sign-in manager too, whichever page asks it.
        await using var scope = app.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<CoursePortal.Data.PortalUser>>();
        var user = (await signIn.UserManager.FindByEmailAsync(email))!;
        Assert.True((await signIn.CheckPasswordSignInAsync(user, PortalApplication.DefaultPassword, lockoutOnFailure: false)).IsNotAllowed);
    }

    [Fact]
    public async Task An_invitation_offers_the_provider_and_no_password_form()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var raw = await scope.ServiceProvider.GetRequiredService<AccountTokens>().IssueAsync(new CoursePortal.Data.AccountToken
        {
            TokenHash = "",
            Purpose = CoursePortal.Data.AccountTokenPurpose.Invitation,
            Email = $"invitee.{Guid.NewGuid().ToString("n")[..8]}@example.edu",
        }, AccountTokens.InvitationLifetime, CancellationToken.None);

        var doc = await app.GetDocumentAsync(app.Browser(), "/" + AccountTokens.InvitationPath(raw));

        Assert.NotNull(doc.QuerySelector("main form.sso-form"));
        Assert.Null(doc.QuerySelector("#Input_NewPassword"));
        Assert.Contains("Accept with your university account.", doc.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Change_password_and_reset_links_are_off_for_accounts_without_a_password_right()
    {
        var email = $"nopass.{Guid.NewGuid().ToString("n")[..8]}@example.edu";
        await app.CreateUserAsync(email);
        var login = app.Provider.AddPerson(email);
        var browser = app.Browser();
        (await app.SsoSignInAsync(browser, login)).Dispose();

        var change = await app.GetDocumentAsync(browser, "/Account/ChangePassword");
        Assert.Contains("Passwords are turned off", change.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Null(change.QuerySelector("main form"));
        var account = await app.GetDocumentAsync(browser, "/Account");
        Assert.Contains("turned off on this portal", account.QuerySelector(".sign-in-methods")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Members_of_the_admin_group_become_admins_and_stop_being_admins_when_they_leave_it()
    {
        var email = $"group.{Guid.NewGuid().ToString("n")[..8]}@example.edu";
        var userId = await app.CreateUserAsync(email);
        var login = app.Provider.AddPerson(email, configure: p => p.Extra["groups"] = ["staff", "portal-admins"]);

        var browser = app.Browser();
        (await app.SsoSignInAsync(browser, login)).Dispose();
        using (var adminPage = await browser.GetAsync("/Admin"))
        {
            Assert.Equal(HttpStatusCode.OK, adminPage.StatusCode);
        }

        app.Provider.People[login].Extra["groups"] = ["staff"];
        var later = app.Browser();
        (await app.SsoSignInAsync(later, login)).Dispose();
        using (var adminPage = await later.GetAsync("/Admin"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, adminPage.StatusCode);
        }

        Assert.Equal(2, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "Admin" && a.EntityId == email)));
        _ = userId;
    }

    [Fact]
    public async Task A_password_session_from_before_passwords_were_turned_off_ends()
    {
        var email = $"old.session.{Guid.NewGuid().ToString("n")[..8]}@example.edu";
        await app.CreateUserAsync(email);
        // The same portal (data, keys) as it was while passwords were still on.
        using var before = app.WithWebHostBuilder(b => b.UseSetting("Portal:Sso:DisablePasswords", "false"));
        var old = before.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var signedIn = await old.SubmitFormAsync("/Account/Login", new Dictionary<string, string?>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = PortalApplication.DefaultPassword,
        }, "#password-sign-in");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("portal.auth=", StringComparison.Ordinal)).Split(';')[0];

        using var request = new HttpRequestMessage(HttpMethod.Get, "/Staff");
        request.Headers.Add("Cookie", cookie);
        using var now = await app.Browser().SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, now.StatusCode);
        Assert.Contains("/Account/Login", now.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unlinking_the_identity_whose_group_made_an_admin_takes_the_role_back()
    {
        var email = $"unlinked.admin.{Guid.NewGuid().ToString("n")[..8]}@example.edu";
        var userId = await app.CreateUserAsync(email);
        var login = app.Provider.AddPerson(email, configure: p => p.Extra["groups"] = ["portal-admins"]);
        (await app.SsoSignInAsync(app.Browser(), login)).Dispose();
        var admin = await app.SignInAsync(PasswordsOffPortalApplication.BreakGlass);

        using var unlinked = await admin.SubmitFormAsync("/Admin", new Dictionary<string, string?>(), $"form[action*='handler=Unlink'][action*='id={userId}&']");

        Assert.Equal(HttpStatusCode.Redirect, unlinked.StatusCode);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CoursePortal.Data.PortalUser>>();
        Assert.False(await users.IsInRoleAsync((await users.FindByIdAsync(userId))!, StaffRoles.Admin));
    }

    [Fact]
    public async Task An_admin_made_in_the_portal_stays_admin_without_the_group()
    {
        var email = $"local.admin.{Guid.NewGuid().ToString("n")[..8]}@example.edu";
        await app.CreateUserAsync(email, admin: true);
        var login = app.Provider.AddPerson(email, configure: p => p.Extra["groups"] = ["staff"]);
        var browser = app.Browser();

        (await app.SsoSignInAsync(browser, login)).Dispose();

        using var adminPage = await browser.GetAsync("/Admin");
        Assert.Equal(HttpStatusCode.OK, adminPage.StatusCode);
    }
}

/// <summary>The sign-in rate limit, low enough to reach.</summary>
public sealed class SsoRateLimitedPortalApplication : SsoPortalApplication
{
    protected override IEnumerable<KeyValuePair<string, string>> PortalSettings => [new("Portal:RateLimits:SignInPerMinute", "3")];
}

public sealed class SsoRateLimitTests(SsoRateLimitedPortalApplication app) : IClassFixture<SsoRateLimitedPortalApplication>
{
    [Fact]
    public async Task The_provider_callback_counts_against_the_sign_in_limit()
    {
        var client = app.Browser();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.GetAsync("/sso/uni/callback?code=guess&state=guess");
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses.Take(3), s => Assert.NotEqual(HttpStatusCode.TooManyRequests, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[3]);
    }
}

/// <summary>The settings check for single sign-on: every mistake stops the start with a sentence that says what to change.</summary>
public sealed class SsoSettingsTests
{
    [Theory]
    [InlineData("ClientId", "", "Portal:Sso:Providers:0:ClientId is empty")]
    [InlineData("ClientSecret", "", "Portal:Sso:Providers:0:ClientSecret is empty")]
    [InlineData("Authority", "http://login.example.edu", "must use https")]
    [InlineData("Authority", "login.example.edu", "is not an absolute https address")]
    [InlineData("Name", "Princeton U", "must be 1 to 40 lower-case letters")]
    [InlineData("UserIdClaim", " ", "UserIdClaim is empty")]
    [InlineData("AdminClaim", "groups", "needs both AdminClaim and AdminClaimValue")]
    public void A_bad_provider_setting_is_named_with_what_to_change(string setting, string value, string expected)
    {
        var provider = Valid();
        typeof(SsoProviderOptions).GetProperty(setting)!.SetValue(provider, value);

        var problems = Problems(new SsoOptions { Providers = [provider] });

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_valid_provider_passes_and_http_is_allowed_in_development_only()
    {
        Assert.Empty(Problems(new SsoOptions { Providers = [Valid()] }));
        var local = Valid();
        local.Authority = "http://127.0.0.1:8080/realms/dev";
        Assert.Empty(new SsoOptions { Providers = [local] }.Problems(development: true));
        Assert.NotEmpty(new SsoOptions { Providers = [local] }.Problems(development: false));
    }

    [Fact]
    public void Two_providers_with_one_name_auto_provision_without_domains_and_passwords_off_without_break_glass_are_refused()
    {
        var open = Valid();
        open.AutoProvision = true;
        var problems = Problems(new SsoOptions { Providers = [Valid(), open], DisablePasswords = true });

        Assert.Contains(problems, p => p.Contains("Portal:Sso:Providers:1:Name \"princeton\" is used by an earlier provider", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("AllowedEmailDomains is empty", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("BreakGlassAdmins is empty", StringComparison.Ordinal));
        Assert.Contains(Problems(new SsoOptions { DisablePasswords = true, BreakGlassAdmins = ["a@example.edu"] }), p => p.Contains("no provider is set", StringComparison.Ordinal));
    }

    [Fact]
    public void The_configured_admin_must_be_a_break_glass_admin_when_passwords_are_off()
    {
        var options = new PortalOptions { DataDirectory = Path.GetTempPath() };
        options.Sso = new SsoOptions { Providers = [Valid()], DisablePasswords = true, BreakGlassAdmins = ["glass@example.edu"] };
        options.Admin.Email = "admin@example.edu";
        options.Admin.Password = "long enough password";

        var result = new PortalOptionsValidator().Validate(null, options);

        Assert.Contains(result.Failures!, f => f.Contains("Portal:Admin:Email \"admin@example.edu\" signs in with a password", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Failures!, f => f.Contains("secret-value", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false, null, false)]
    [InlineData(false, "false", false)]
    [InlineData(false, "true", true)]
    [InlineData(false, "True", true)]
    [InlineData(true, null, true)]
    [InlineData(true, "false", true)]
    public void An_email_counts_as_verified_when_the_provider_says_so_or_is_trusted_to(bool trustEmail, string? claim, bool verified)
    {
        var provider = Valid();
        provider.TrustEmail = trustEmail;
        List<System.Security.Claims.Claim> claims = [new("sub", "s-1"), new("email", "a@example.edu")];
        if (claim is not null)
        {
            claims.Add(new("email_verified", claim));
        }

        var identity = SsoIdentity.Read(provider, new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(claims, "test")), new Microsoft.AspNetCore.Authentication.AuthenticationProperties());

        Assert.Equal(verified, identity.EmailVerified);
        Assert.Equal("s-1", identity.UserId);
    }

    [Fact]
    public void Break_glass_addresses_match_whatever_their_case()
    {
        var sso = new SsoOptions { DisablePasswords = true, BreakGlassAdmins = [" Glass@Example.edu "] };

        Assert.True(sso.AllowsPassword("glass@example.EDU"));
        Assert.False(sso.AllowsPassword("other@example.edu"));
        Assert.True(new SsoOptions().AllowsPassword("anyone@example.edu"));
    }

    private static SsoProviderOptions Valid() => new()
    {
        Name = "princeton",
        Authority = "https://login.example.edu/realms/staff",
        ClientId = "course-portal",
        ClientSecret = "secret-value",
    };

    private static List<string> Problems(SsoOptions options) => options.Problems(development: false).ToList();
}

/// <summary>A provider that does not answer (nothing listens on its port).</summary>
public sealed class UnreachableProviderPortalApplication : PortalApplication
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Portal:Sso:Providers:0:Name", "down"),
        new("Portal:Sso:Providers:0:DisplayName", "Sign in with Down University"),
        new("Portal:Sso:Providers:0:Authority", $"http://127.0.0.1:{PortalProcess.FreePort()}/"),
        new("Portal:Sso:Providers:0:ClientId", "portal"),
        new("Portal:Sso:Providers:0:ClientSecret", "secret"),
    ];
}

public sealed class SsoUnreachableProviderTests(UnreachableProviderPortalApplication app) : IClassFixture<UnreachableProviderPortalApplication>
{
    [Fact]
    public async Task A_provider_that_does_not_answer_is_said_on_the_sign_in_page_not_as_a_500()
    {
        using var response = await app.Browser().SubmitFormAsync("/Account/Login", new Dictionary<string, string?>(), "form.sso-form");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var errors = (await response.ReadDocumentAsync()).QuerySelector(".form-errors")!.TextContent;
        Assert.Contains("Sign in with Down University is not available right now", errors, StringComparison.Ordinal);
        Assert.Contains(app.Logs.Messages, m => m.Contains("Single sign-on with \"down\" failed", StringComparison.Ordinal));
    }
}
