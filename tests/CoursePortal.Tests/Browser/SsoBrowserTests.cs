using System.Text.RegularExpressions;
using CoursePortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CoursePortal.Tests.Browser;

/// <summary>The portal with single sign-on, on a real port; the test provider learns the portal's address once it listens.</summary>
public sealed class SsoBrowserFixture() : BrowserFixture(new SsoBrowserApplication())
{
    public TestIdentityProvider Provider => ((SsoBrowserApplication)App).Provider;

    protected override Task StartedAsync() => Provider.RegisterPortalAsync(BaseUrl);

    public sealed class SsoBrowserApplication : SsoPortalApplication;
}

/// <summary>
/// What a person sees signing in with the university's account in Chromium: the button, the provider's page, the
/// staff dashboard, and sign-out through the provider back to the portal. The page's CSP governs the redirects
/// after the sign-in and sign-out form posts, so a policy that forgot the provider's origin fails here.
/// </summary>
public sealed class SsoBrowserTests(SsoBrowserFixture fixture) : IClassFixture<SsoBrowserFixture>
{
    [SkippableFact]
    public async Task Staff_sign_in_through_the_provider_land_on_the_dashboard_and_sign_out_there_too() =>
        await fixture.RunAsync(nameof(Staff_sign_in_through_the_provider_land_on_the_dashboard_and_sign_out_there_too), async page =>
        {
            await fixture.App.CreateUserAsync("browser.sso@example.edu");
            var login = fixture.Provider.AddPerson("browser.sso@example.edu", name: "Bea Browser");
            var blocked = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
                {
                    blocked.Add(message.Text);
                }
            };

            await page.GotoAsync(fixture.BaseUrl + "/Account/Login");
            // A real button, reached and pressed from the keyboard.
            var button = page.GetByRole(AriaRole.Button, new() { Name = "Sign in with Test University" });
            await button.FocusAsync();
            await page.Keyboard.PressAsync("Enter");

            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Test University sign-in" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await page.GetByLabel("Login").FillAsync(login);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/Staff$"), new() { Timeout = 30_000 });
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My courses" })).ToBeVisibleAsync();

            await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Sign out") }).ClickAsync();

            await Assertions.Expect(page.Locator(".flash")).ToHaveTextAsync("You are signed out.", new() { Timeout = 30_000 });
            Assert.Equal(fixture.BaseUrl + "/", page.Url);
            Assert.Contains(fixture.Provider.People[login].Subject, fixture.Provider.EndSessions);
            Assert.Empty(blocked);
        });

    [SkippableFact]
    public async Task The_sign_in_page_with_providers_and_the_account_page_have_no_wcag_violations()
    {
        var axe = QualityTools.Require(QualityTools.AxeScript, "axe-core");
        await fixture.RunAsync(nameof(The_sign_in_page_with_providers_and_the_account_page_have_no_wcag_violations), async page =>
        {
            await fixture.App.CreateUserAsync("axe.sso@example.edu");
            var problems = (await AccessibilityTests.CheckAsync(page, fixture.BaseUrl, "/Account/Login", axe)).ToList();
            await fixture.SignInAsync(page, "axe.sso@example.edu");
            problems.AddRange(await AccessibilityTests.CheckAsync(page, fixture.BaseUrl, "/Account", axe));

            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }, new BrowserNewContextOptions { BypassCSP = true });
    }
}
