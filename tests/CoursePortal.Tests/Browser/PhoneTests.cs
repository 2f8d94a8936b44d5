using System.Text.Json;
using Microsoft.Playwright;

namespace CoursePortal.Tests.Browser;

/// <summary>
/// Every staff and admin page (found through routing, see <see cref="PageInventory"/>) at phone size, 390 × 844:
/// the page never scrolls sideways, every link, button and field in the main content is on screen and has a size,
/// and data tables are shown as labelled cards (each cell the card's width, labelled with its column's header).
/// </summary>
public sealed class PhoneTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const int Width = 390;
    private const int Height = 844;

    /// <summary>
    /// Pages whose markup another piece of work is rewriting; their tables keep the layout checks but not
    /// the label check until that work lands. Remove an entry when the page's cells carry data-label.
    /// </summary>
    private static readonly string[] LabelExceptions =
    [
        // Pages whose table rows are cards of their own: the schedule editor's rows are forms whose fields carry visible
        // labels (cell-label spans), not data-label, with date, room and status side by side.
        "/Lectures",
    ];

    // Problems on the current page, as text; an empty list means the page is usable on a phone.
    private const string CheckScript = """
        labelsRequired => {
            const problems = [];
            const width = window.innerWidth;
            const page = document.documentElement.scrollWidth;
            if (page > width) problems.push(`the page scrolls sideways: ${page}px wide in a ${width}px window`);
            const name = e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''} "${(e.innerText || e.value || e.getAttribute('aria-label') || e.name || '').trim().slice(0, 40)}"`;
            const shown = e => e.checkVisibility({ visibilityProperty: true }) && !e.closest('.visually-hidden, details:not([open]) > :not(summary)');
            for (const e of document.querySelectorAll('main a[href], main button, main input:not([type=hidden]), main select, main textarea, main summary')) {
                if (!shown(e)) continue;
                const r = e.getBoundingClientRect();
                if (r.width < 1 || r.height < 1) problems.push(`${name(e)} has no size`);
                else if (r.left < -1 || r.right > width + 1) problems.push(`${name(e)} is off screen (${Math.round(r.left)}–${Math.round(r.right)}px)`);
            }
            for (const table of document.querySelectorAll('main table.data')) {
                const headers = [...table.querySelectorAll('thead th')].map(th => th.innerText.trim());
                for (const td of table.querySelectorAll('tbody td')) {
                    if (!shown(td) || td.innerText.trim() === '') continue;
                    const r = td.getBoundingClientRect();
                    // A card layout of its own (the schedule editor) sets fields side by side; its rows must still span the screen.
                    const box = labelsRequired ? r : td.parentElement.getBoundingClientRect();
                    if (box.width < width / 2) problems.push(`a "${headers[td.cellIndex] ?? '?'}" ${labelsRequired ? 'cell' : 'row'} is ${Math.round(box.width)}px wide: the table is not shown as cards`);
                    const label = td.dataset.label;
                    const header = headers[td.cellIndex] ?? '';
                    if (labelsRequired && (!label || !header.startsWith(label))) problems.push(`a "${header}" cell is labelled "${label ?? ''}", not with its column header`);
                }
            }
            return [...new Set(problems)];
        }
        """;

    [SkippableFact]
    public async Task Every_staff_and_admin_page_works_at_390_px()
    {
        const string email = "phone.admin@example.edu";
        await fixture.RunAsync("phone-staff", async page =>
        {
            await fixture.App.CreateUserAsync(email, admin: true);
            await fixture.SignInAsync(page, email);
            // An open invitation (and its audit entry), so the invitations table and the audit log have rows to check.
            await page.GotoAsync(fixture.BaseUrl + "/Admin");
            await page.GetByLabel("Email", new() { Exact = true }).FillAsync("phone.invitee@example.edu");
            await page.GetByRole(AriaRole.Button, new() { Name = "Make invitation link" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "phone.invitee@example.edu" })).ToBeVisibleAsync();
            var urls = await PageInventory.StaffAsync(fixture.App);
            var screenshots = Environment.GetEnvironmentVariable("PORTAL_PHONE_SCREENSHOTS") == "1"
                ? Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults", "phone")).FullName
                : null;
            var problems = new List<string>();
            foreach (var url in urls)
            {
                var response = await page.GotoAsync(fixture.BaseUrl + url);
                Assert.True(response is { Ok: true }, $"{url} answered {response?.Status}");
                var labelsRequired = !LabelExceptions.Any(e => url.EndsWith(e, StringComparison.Ordinal));
                var found = await page.EvaluateAsync<JsonElement>(CheckScript, labelsRequired);
                problems.AddRange(found.EnumerateArray().Select(p => $"{url}: {p.GetString()}"));
                if (screenshots is not null)
                {
                    var file = string.Concat(url.Trim('/').Select(c => char.IsLetterOrDigit(c) ? c : '-'));
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, (file.Length > 0 ? file : "root") + ".png"), FullPage = true });
                }
            }

            Assert.True(urls.Count > 20, $"only {urls.Count} staff pages found");
            Assert.True(problems.Count == 0, $"{problems.Count} problems at {Width} px:\n" + string.Join("\n", problems));
        }, new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = Width, Height = Height } });
    }
}
