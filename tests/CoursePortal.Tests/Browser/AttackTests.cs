using CoursePortal.Data;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CoursePortal.Tests.Browser;

/// <summary>
/// Script payloads in every text and Markdown field stay inert in a real browser: no dialog opens, no
/// script runs, no javascript: or data: link appears, on the public page, the staff pages and search.
/// </summary>
public sealed class AttackTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Text = "x\"'><script>window.__xss=1;alert(1)</script><img src=x onerror=\"window.__xss=1;alert(1)\"><svg onload=alert(1)>";
    /// <summary>For the fields whose column holds few characters (a course code, a term, a role).</summary>
    private const string Short = "\"'><svg onload=alert(1)>";

    private const string Markdown = Text + "\n\n[click](javascript:window.__xss=1) [data](data:text/html,<script>alert(1)</script>) <a href=\"javascript:alert(1)\">raw</a> ![i](javascript:alert(1))";

    [SkippableFact]
    public async Task Script_payloads_in_every_field_stay_inert_everywhere_they_are_shown()
    {
        await fixture.RunAsync("xss", async page =>
        {
            var courseId = await PoisonAsync();
            await fixture.App.CreateUserAsync("xss.admin@example.edu", admin: true);
            var dialogs = new List<string>();
            page.Dialog += async (_, dialog) =>
            {
                dialogs.Add(dialog.Message);
                await dialog.DismissAsync();
            };

            var urls = new List<string> { "/", "/" + DemoSeeder.Slug, "/search?q=script", "/search?q=window" };
            foreach (var url in urls)
            {
                await AssertInertAsync(page, url);
            }

            await fixture.SignInAsync(page, "xss.admin@example.edu");
            foreach (var url in await PageInventory.StaffAsync(fixture.App))
            {
                await AssertInertAsync(page, url);
            }

            Assert.Empty(dialogs);
            // The payload did reach the pages, as text.
            await page.GotoAsync(fixture.BaseUrl + "/" + DemoSeeder.Slug);
            Assert.Contains("<script>window.__xss=1", await page.Locator("#about").InnerTextAsync(), StringComparison.Ordinal);
        });
    }

    private async Task AssertInertAsync(IPage page, string url)
    {
        // A payload would run while the page loads: wait until loading is over (no request for a while), not a fixed time.
        await page.GotoAsync(fixture.BaseUrl + url, new() { WaitUntil = WaitUntilState.NetworkIdle });
        Assert.False(await page.EvaluateAsync<bool>("() => window.__xss === 1"), $"a payload ran on {url}");
        var badLinks = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('[href],[src],[action],[formaction]')].map(e => e.getAttribute('href') ?? e.getAttribute('src') ?? e.getAttribute('action') ?? e.getAttribute('formaction'))" +
            ".filter(v => /^\\s*(javascript|data|vbscript):/i.test(v))");
        Assert.True(badLinks.Length == 0, $"{url} has links {string.Join(", ", badLinks)}");
        Assert.Equal(0, await page.Locator("main script, main img[onerror], main svg").CountAsync());
    }

    /// <summary>Puts the payloads into every text field of the demo course, its people, lectures, materials and announcements.</summary>
    private Task<int> PoisonAsync() => fixture.App.WithDbAsync(async db =>
    {
        var course = await db.Courses.AsSplitQuery()
            .Include(c => c.Staff).ThenInclude(s => s.OfficeHours)
            .Include(c => c.Lectures).Include(c => c.Materials).Include(c => c.Announcements).Include(c => c.Holidays)
            .SingleAsync(c => c.Slug == DemoSeeder.Slug);
        course.Code = "TDL" + Short;
        course.Title = "Theory " + Text;
        course.TermName = "Fall " + Short;
        course.Location = Text;
        course.DescriptionMarkdown = Markdown;
        course.PrerequisitesMarkdown = Markdown;
        foreach (var s in course.Staff)
        {
            s.Name += Text;
            s.Role += Short;
            s.Email = "x\"><script>alert(1)</script>@evil\"><img src=x onerror=alert(1)>.example";
            foreach (var o in s.OfficeHours)
            {
                o.Place = Text;
                o.Note = Text;
            }
        }

        var lecture = course.Lectures.OrderBy(l => l.Date).First();
        lecture.Topic = Text;
        lecture.Room = Text;
        lecture.NotesMarkdown = Markdown;
        var cancelled = course.Lectures.OrderBy(l => l.Date).Skip(1).First();
        cancelled.Status = LectureStatus.Cancelled;
        cancelled.CancellationNote = Text;
        foreach (var m in course.Materials)
        {
            m.Title += Text;
        }

        course.Materials.Add(new Material { Title = "Link " + Text, Kind = MaterialKind.Link, Url = "https://example.edu/?q=\"><script>alert(1)</script>" });
        course.Announcements.Add(new Announcement { Title = Text, BodyMarkdown = Markdown, PublishAt = new DateTime(2025, 9, 2, 0, 0, 0, DateTimeKind.Utc) });
        course.Holidays.Add(new Holiday { Name = Text, StartDate = new(2025, 11, 10), EndDate = new(2025, 11, 10) });
        await db.SaveChangesAsync();
        return course.Id;
    });
}
