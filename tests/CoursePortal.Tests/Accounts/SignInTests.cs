using System.Net;
using CoursePortal.Tests.Infrastructure;

namespace CoursePortal.Tests.Accounts;

public sealed class SignInTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    [Fact]
    public async Task The_email_signs_in_whatever_its_case_on_either_database()
    {
        // PostgreSQL compares text case-sensitively; sign-in must go by Identity's normalized e-mail, not the typed one.
        await app.CreateUserAsync("Mixed.Case@Example.edu");

        await app.SignInAsync("mixed.case@example.edu");
        await app.SignInAsync("MIXED.CASE@EXAMPLE.EDU");
    }

    [Fact]
    public async Task Login_form_has_fields_labelled_Email_and_Password()
    {
        var doc = await app.GetDocumentAsync(app.CreateClient(), "/Account/Login");

        var labels = doc.QuerySelectorAll("main form label").Select(l => (Text: l.TextContent.Trim(), For: l.GetAttribute("for"))).ToList();
        Assert.Contains(("Email", "Input_Email"), labels);
        Assert.Contains(("Password", "Input_Password"), labels);
        Assert.Equal("password", doc.GetElementById("Input_Password")!.GetAttribute("type"));
    }

    [Fact]
    public async Task Signed_in_staff_reach_the_dashboard_and_the_cookie_is_httponly_and_lax()
    {
        await app.CreateUserAsync("sign.in@example.edu");
        var client = app.Browser();

        using var response = await client.SubmitFormAsync("/Account/Login", new Dictionary<string, string?>
        {
            ["Input.Email"] = "sign.in@example.edu",
            ["Input.Password"] = PortalApplication.DefaultPassword,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Staff", response.Headers.Location!.OriginalString);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("portal.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        using var dashboard = await client.GetAsync("/Staff");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
    }

    [Fact]
    public async Task Unknown_email_and_wrong_password_get_the_same_message()
    {
        await app.CreateUserAsync("same.message@example.edu");

        var unknown = await LoginPageAfterAsync("nobody@example.edu", "whatever password");
        var wrong = await LoginPageAfterAsync("same.message@example.edu", "wrong password!");

        Assert.Equal("Wrong e-mail address or password.", unknown);
        Assert.Equal(unknown, wrong);
    }

    [Fact]
    public async Task Five_failed_sign_ins_lock_the_account_for_fifteen_minutes()
    {
        await app.CreateUserAsync("locked@example.edu");
        for (var i = 0; i < 5; i++)
        {
            await LoginPageAfterAsync("locked@example.edu", $"wrong password {i}");
        }

        var withRightPassword = await LoginPageAfterAsync("locked@example.edu", PortalApplication.DefaultPassword);

        Assert.Contains("locked for 15 minutes", withRightPassword, StringComparison.Ordinal);
        // Identity times lockouts with the system clock, so check the stored end rather than wait.
        var lockoutEnd = await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions
            .SingleAsync(db.Users.Where(u => u.Email == "locked@example.edu").Select(u => u.LockoutEnd)));
        Assert.InRange(lockoutEnd!.Value, DateTimeOffset.UtcNow.AddMinutes(14), DateTimeOffset.UtcNow.AddMinutes(15.1));
    }

    [Theory]
    [InlineData("https://evil.example/steal", "/Staff")]
    [InlineData("//evil.example/steal", "/Staff")]
    [InlineData("/Staff/Courses/1/Lectures", "/Staff/Courses/1/Lectures")]
    public async Task Only_local_return_urls_are_followed_after_sign_in(string returnUrl, string expected)
    {
        await app.CreateUserAsync($"return{expected.Length}{returnUrl.Length}@example.edu");
        var client = app.Browser();

        using var response = await client.SubmitFormAsync($"/Account/Login?ReturnUrl={Uri.EscapeDataString(returnUrl)}", new Dictionary<string, string?>
        {
            ["Input.Email"] = $"return{expected.Length}{returnUrl.Length}@example.edu",
            ["Input.Password"] = PortalApplication.DefaultPassword,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Sign_out_is_a_post_and_ends_the_session()
    {
        await app.CreateUserAsync("sign.out@example.edu");
        var client = await app.SignInAsync("sign.out@example.edu");

        using (var viaGet = await client.GetAsync("/Account/Logout"))
        {
            Assert.Equal(HttpStatusCode.Redirect, viaGet.StatusCode);
        }

        using (var stillIn = await client.GetAsync("/Staff"))
        {
            Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        }

        using var signOut = await client.SubmitFormAsync("/Staff", new Dictionary<string, string?>(), "form[action='/Account/Logout']");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        using var after = await client.GetAsync("/Staff");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("http://localhost/Account/Login", after.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Change_password_needs_the_current_one_and_then_the_new_one_works()
    {
        await app.CreateUserAsync("change.pw@example.edu");
        var client = await app.SignInAsync("change.pw@example.edu");

        using var refused = await client.SubmitFormAsync("/Account/ChangePassword", new Dictionary<string, string?>
        {
            ["Input.CurrentPassword"] = "not my password",
            ["Input.NewPassword"] = "a brand new password",
            ["Input.ConfirmPassword"] = "a brand new password",
        });
        var refusedDoc = await refused.ReadDocumentAsync();
        Assert.Equal("Current password: this is not your current password.", refusedDoc.FieldError("Input.CurrentPassword"));

        using var changed = await client.SubmitFormAsync("/Account/ChangePassword", new Dictionary<string, string?>
        {
            ["Input.CurrentPassword"] = PortalApplication.DefaultPassword,
            ["Input.NewPassword"] = "a brand new password",
            ["Input.ConfirmPassword"] = "a brand new password",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        await app.SignInAsync("change.pw@example.edu", "a brand new password");
    }

    [Fact]
    public async Task There_is_no_public_registration_page()
    {
        foreach (var url in new[] { "/Account/Register", "/Identity/Account/Register" })
        {
            using var response = await app.CreateClient().GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    private async Task<string> LoginPageAfterAsync(string email, string password)
    {
        using var response = await app.Browser().SubmitFormAsync("/Account/Login", new Dictionary<string, string?>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await response.ReadDocumentAsync();
        return doc.QuerySelector(".form-errors")!.TextContent.Trim();
    }
}
