using System.Text.Json;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
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

    /// <summary>
    /// The pages a GET does not reach: the previews a form post shows (a schedule move, a term's new holiday, a registrar
    /// file, a rollover) and a form shown again with its errors, each checked as above.
    /// </summary>
    [SkippableFact]
    public async Task Previews_and_forms_shown_again_with_errors_work_at_390_px()
    {
        const string email = "phone.previews@example.edu";
        var app = fixture.App;
        var courseId = await app.CourseIdAsync(Demo.DemoSeeder.Slug);
        var (termId, termName, lectures) = await app.WithDbAsync(async db =>
        {
            var course = await db.Courses.AsNoTracking().SingleAsync(c => c.Id == courseId);
            var term = await db.Terms.AsNoTracking().SingleAsync(t => t.Name == course.TermName);
            var ids = await db.Lectures.AsNoTracking().Where(l => l.CourseId == courseId).OrderBy(l => l.Date).Select(l => l.Id).Take(2).ToListAsync();
            db.Terms.Add(new Data.Term { Name = "Phone rollover term", StartDate = term.StartDate.AddYears(3), EndDate = term.EndDate.AddYears(3) });
            await db.SaveChangesAsync();
            return (term.Id, term.Name, ids);
        });
        await fixture.RunAsync("phone-previews", async page =>
        {
            await app.CreateUserAsync(email, admin: true);
            await fixture.SignInAsync(page, email);
            var problems = new List<string>();

            async Task CheckAsync(string what, ILocator shown)
            {
                await Assertions.Expect(shown).ToBeVisibleAsync();
                var found = await page.EvaluateAsync<JsonElement>(CheckScript, true);
                problems.AddRange(found.EnumerateArray().Select(p => $"{what}: {p.GetString()}"));
                if (Environment.GetEnvironmentVariable("PORTAL_PHONE_SCREENSHOTS") == "1")
                {
                    var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults", "phone")).FullName;
                    var file = string.Concat(what.Select(c => char.IsLetterOrDigit(c) ? c : '-'));
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, file + ".png"), FullPage = true });
                }
            }

            // A schedule move, previewed.
            await page.GotoAsync($"{fixture.BaseUrl}/Staff/Courses/{courseId}/Lectures");
            foreach (var id in lectures)
            {
                await page.Locator($"#select-{id}").CheckAsync();
            }

            await page.GetByRole(AriaRole.Button, new() { Name = "Preview the move", Exact = true }).ClickAsync();
            await CheckAsync("the schedule move's preview", page.GetByText("Check every move below"));

            // A term's new holiday, previewed with the lectures it touches; then the same form with its errors.
            await page.GotoAsync($"{fixture.BaseUrl}/Admin/Terms/{termId}");
            await page.GetByLabel("Name").Last.FillAsync("Phone test day");
            var day = await app.WithDbAsync(db => db.Lectures.Where(l => l.Id == lectures[0]).Select(l => l.Date).SingleAsync());
            await page.Locator("#Holiday_StartDate").FillAsync(day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            await page.Locator("#Holiday_EndDate").FillAsync(day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            await page.GetByRole(AriaRole.Button, new() { Name = "Preview the change" }).ClickAsync();
            await CheckAsync("a term holiday's preview", page.Locator("main .preview"));
            await page.GotoAsync($"{fixture.BaseUrl}/Admin/Terms/{termId}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Preview the change" }).ClickAsync();
            await CheckAsync("the holiday form with its errors", page.Locator("main .field-error:not(:empty)").First);

            // A new term with nothing typed.
            await page.GotoAsync($"{fixture.BaseUrl}/Admin/Terms");
            await page.GetByRole(AriaRole.Button, new() { Name = "Create term" }).ClickAsync();
            await CheckAsync("the new-term form with its errors", page.Locator("main .field-error:not(:empty)").First);

            // A registrar file with a row in error: the preview lists every row with its reason.
            await page.GotoAsync($"{fixture.BaseUrl}/Admin/Registrar");
            await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
            {
                Name = "term.csv", MimeType = "text/csv",
                Buffer = System.Text.Encoding.UTF8.GetBytes("Term,Department,Course code,Title,Section,Days,Start,End,Room,Instructors,TAs\n"
                    + $"{termName},,PHN 101,A course with a long title that has to wrap on a phone screen,L01,MW,11:00,12:20,Friend 101,someone.new@example.edu,\n"
                    + $"{termName},,PHN 102,Bad time,L01,MW,25:00,12:20,Friend 101,,\n"),
            });
            await page.GetByRole(AriaRole.Button, new() { Name = "Preview", Exact = true }).ClickAsync();
            await CheckAsync("the registrar file's preview", page.Locator("main table.data"));

            // A rollover of the demo course, previewed.
            await page.GotoAsync($"{fixture.BaseUrl}/Manage/Rollover?From={Uri.EscapeDataString(termName)}&To={Uri.EscapeDataString("Phone rollover term")}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Preview the rollover" }).ClickAsync();
            await CheckAsync("the rollover's preview", page.Locator("main .rollover-form"));

            Assert.True(problems.Count == 0, $"{problems.Count} problems at {Width} px:\n" + string.Join("\n", problems));
        }, new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = Width, Height = Height } });
    }
}
