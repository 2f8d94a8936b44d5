using System.Text.Json;
using CoursePortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CoursePortal.Tests.Browser;

/// <summary>axe-core on every public and staff page, in the light and the dark scheme and at phone width: no WCAG 2.1 A or AA violation.</summary>
public sealed class AccessibilityTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly string[] Rules = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    [SkippableTheory]
    [InlineData(ColorScheme.Light, 1280)]
    [InlineData(ColorScheme.Dark, 1280)]
    // Phones get other layouts (tables as cards, the jump to today): their own contrast, labels and names to check.
    [InlineData(ColorScheme.Light, 390)]
    public async Task Every_page_has_no_wcag_violations(ColorScheme scheme, int width)
    {
        var axe = QualityTools.Require(QualityTools.AxeScript, "axe-core");
        var email = $"axe-{scheme}-{width}@example.edu".ToLowerInvariant();
        await fixture.RunAsync($"axe-{scheme}-{width}", async page =>
        {
            await fixture.App.CreateUserAsync(email, admin: true);
            var problems = new List<string>();
            foreach (var url in await PageInventory.PublicAsync(fixture.App))
            {
                problems.AddRange(await CheckAsync(page, fixture.BaseUrl, url, axe));
            }

            await fixture.SignInAsync(page, email);
            foreach (var url in await PageInventory.StaffAsync(fixture.App))
            {
                problems.AddRange(await CheckAsync(page, fixture.BaseUrl, url, axe));
            }

            Assert.True(problems.Count == 0, $"{problems.Count} violations ({scheme}, {width} px):\n" + string.Join("\n", problems));
        }, new BrowserNewContextOptions { ColorScheme = scheme, BypassCSP = true, ViewportSize = new ViewportSize { Width = width, Height = width < 640 ? 844 : 900 } });
    }

    /// <summary>axe's WCAG 2.1 A and AA violations on one page (the context must bypass the CSP to load axe).</summary>
    public static async Task<IEnumerable<string>> CheckAsync(IPage page, string baseUrl, string url, string axe)
    {
        await page.GotoAsync(baseUrl + url);
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = axe });
        var violations = await page.EvaluateAsync<JsonElement>(
            "async rules => (await axe.run(document, { runOnly: { type: 'tag', values: rules } })).violations" +
            ".map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`)", Rules);
        return violations.EnumerateArray().Select(v => $"{url}: {v.GetString()}");
    }
}
