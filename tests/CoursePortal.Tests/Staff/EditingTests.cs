using System.Net;
using CoursePortal.Accounts;
using CoursePortal.Data;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Staff;

/// <summary>Staff edits through the real forms show on the next public request and land in the audit log.</summary>
public sealed class EditingTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    private const string CourseUrl = "/" + DemoSeeder.Slug;

    [Fact]
    public async Task Editing_a_lecture_shows_on_the_public_page_and_is_audited_old_to_new()
    {
        var (client, courseId) = await TaAsync("editor.one@example.edu");
        var lectureId = await LectureIdAsync(new DateOnly(2025, 9, 24));

        using var saved = await client.SubmitFormAsync($"/Staff/Courses/{courseId}/Lectures/Edit/{lectureId}", new Dictionary<string, string?>
        {
            ["Input.Topic"] = "Linear data models, revisited",
            ["Input.Room"] = "Friend Center 101",
            ["Input.NotesMarkdown"] = "Read **chapter 4** first.",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = await app.GetDocumentAsync(app.CreateClient(), CourseUrl);
        var row = page.QuerySelectorAll("tr").Single(tr => tr.QuerySelector("time[datetime='2025-09-24']") is not null);
        Assert.Contains("Linear data models, revisited", row.TextContent);
        Assert.Contains("Friend Center 101", row.TextContent);
        Assert.Equal("chapter 4", row.QuerySelector(".notes strong")!.TextContent);

        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == "Lecture" && a.EntityId == lectureId.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToListAsync());
        var entry = Assert.Single(audit);
        Assert.Equal("Update", entry.Action);
        Assert.Equal("editor.one", entry.UserName);
        Assert.Equal(courseId, entry.CourseId);
        Assert.Contains("Topic: 'Linear data models' \u2192 'Linear data models, revisited'", entry.Summary, StringComparison.Ordinal);
        Assert.Contains("Room: (none) \u2192 'Friend Center 101'", entry.Summary, StringComparison.Ordinal);

        var log = await app.GetDocumentAsync(client, $"/Staff/Courses/{courseId}/Audit");
        Assert.Contains("Linear data models, revisited", log.QuerySelector("table.audit")!.TextContent);
    }

    [Fact]
    public async Task A_refused_form_shows_the_message_next_to_the_field_and_keeps_what_was_typed()
    {
        var (client, courseId) = await TaAsync("editor.two@example.edu");

        using var response = await client.SubmitFormAsync($"/Staff/Courses/{courseId}/Lectures/Edit", new Dictionary<string, string?>
        {
            ["Input.Date"] = "2025-12-01",
            ["Input.Topic"] = "Review session",
            ["Input.StartTime"] = "16:00",
            ["Input.EndTime"] = "15:00",
            ["Input.NotesMarkdown"] = "Bring questions",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await response.ReadDocumentAsync();
        Assert.Equal("Ends (if not the usual time): the end must be after the start.", doc.FieldError("Input.EndTime"));
        Assert.Equal("Review session", doc.GetElementById("Input_Topic")!.GetAttribute("value"));
        Assert.Equal("2025-12-01", doc.GetElementById("Input_Date")!.GetAttribute("value"));
        Assert.Equal("Bring questions", doc.GetElementById("Input_NotesMarkdown")!.TextContent);
        Assert.False(await app.WithDbAsync(db => db.Lectures.AnyAsync(l => l.Topic == "Review session")));
    }

    [Fact]
    public async Task Adding_cancelling_restoring_and_deleting_a_lecture()
    {
        var (client, courseId) = await TaAsync("editor.three@example.edu");

        using (var added = await client.SubmitFormAsync($"/Staff/Courses/{courseId}/Lectures/Edit", new Dictionary<string, string?>
        {
            ["Input.Date"] = "2025-11-17",
            ["Input.Topic"] = "Guest lecture",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        }

        var id = await LectureIdAsync(new DateOnly(2025, 11, 17));
        var list = $"/Staff/Courses/{courseId}/Lectures";
        // The row's status on the lectures page (the schedule editor) cancels and restores it.
        using (var cancelled = await client.SubmitFormAsync(list, new Dictionary<string, string?> { ["Row.IsCancelled"] = "true" }, $"#row-{id}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        }

        var page = await app.GetDocumentAsync(app.CreateClient(), CourseUrl);
        Assert.Contains("Cancelled", page.QuerySelector("tr.is-cancelled")!.TextContent);
        Assert.Contains("Guest lecture", page.QuerySelector("tr.is-cancelled")!.TextContent);

        using (var restored = await client.SubmitFormAsync(list, new Dictionary<string, string?> { ["Row.IsCancelled"] = "false" }, $"#row-{id}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, restored.StatusCode);
        }

        Assert.Null((await app.GetDocumentAsync(app.CreateClient(), CourseUrl)).QuerySelector("tr.is-cancelled"));

        using (var deleted = await client.SubmitFormAsync(list, new Dictionary<string, string?>(), $"form[action*='id={id}&handler=Delete']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        }

        Assert.DoesNotContain("Guest lecture", await app.CreateClient().GetStringAsync(CourseUrl), StringComparison.Ordinal);
        var actions = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == "Lecture" && a.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.Equal(["Create", "Update", "Update", "Delete"], actions);
    }

    [Fact]
    public async Task Course_information_office_hours_announcements_and_links_round_trip_to_the_public_page()
    {
        // Course information is the Instructor's; the rest a TA may do too.
        var (client, courseId) = await TaAsync("editor.four@example.edu", StaffRoles.Instructor);

        using (var info = await client.SubmitFormAsync($"/Staff/Courses/{courseId}/Info", new Dictionary<string, string?>
        {
            ["Input.Location"] = "Sherrerd Hall 101",
            ["Input.PrerequisitesMarkdown"] = "Linear algebra and *probability*.",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, info.StatusCode);
        }

        var staffId = await app.WithDbAsync(db => db.StaffMembers.Where(s => s.CourseId == courseId && s.Name == "Gon Buzaglo").Select(s => s.Id).SingleAsync());
        using (var hour = await client.SubmitFormAsync($"/Staff/Courses/{courseId}/People/{staffId}/OfficeHour", new Dictionary<string, string?>
        {
            ["Input.Weekday"] = "Thursday",
            ["Input.Start"] = "10:00",
            ["Input.End"] = "11:00",
            ["Input.Place"] = "COS 003",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, hour.StatusCode);
        }

        using (var announcement = await client.SubmitFormAsync($"/Staff/Courses/{courseId}/Announcements/Edit", new Dictionary<string, string?>
        {
            ["Input.Title"] = "Homework 1 is out",
            ["Input.BodyMarkdown"] = "Due **Sept 20**.",
            ["Input.PublishAt"] = "",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, announcement.StatusCode);
        }

        using (var link = await client.SubmitFormAsync($"/Staff/Courses/{courseId}/Materials/Edit", new Dictionary<string, string?>
        {
            ["Input.Title"] = "Course forum",
            ["Input.Url"] = "https://forum.example.edu/tdl",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, link.StatusCode);
        }

        var page = await app.GetDocumentAsync(app.CreateClient(), CourseUrl);
        Assert.Contains("Sherrerd Hall 101", page.QuerySelector(".meeting")!.TextContent);
        Assert.Contains(page.QuerySelectorAll("#about em"), em => em.TextContent == "probability");
        Assert.Contains("Thursday 10:00\u201311:00 am, COS 003", page.QuerySelector("#staff")!.TextContent);
        Assert.Equal("Homework 1 is out", page.QuerySelector(".latest-announcement a")!.TextContent);
        Assert.Equal("https://forum.example.edu/tdl", page.QuerySelectorAll("#materials a").Single(a => a.TextContent == "Course forum (link)").GetAttribute("href"));
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,hi")]
    [InlineData("/relative/path")]
    [InlineData("ftp://example.edu/file")]
    public async Task Link_materials_accept_only_http_and_https(string url)
    {
        var (client, courseId) = await TaAsync($"editor.links.{url.Length}@example.edu");

        using var response = await client.SubmitFormAsync($"/Staff/Courses/{courseId}/Materials/Edit", new Dictionary<string, string?>
        {
            ["Input.Title"] = "Bad link",
            ["Input.Url"] = url,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await response.ReadDocumentAsync();
        Assert.Contains("https://", doc.FieldError("Input.Url"), StringComparison.Ordinal);
        Assert.Equal("Bad link", doc.GetElementById("Input_Title")!.GetAttribute("value"));
        Assert.False(await app.WithDbAsync(db => db.Materials.AnyAsync(m => m.Title == "Bad link")));
    }

    [Fact]
    public async Task Announcement_times_are_entered_in_the_course_time_zone()
    {
        var (client, courseId) = await TaAsync("editor.five@example.edu");

        using var response = await client.SubmitFormAsync($"/Staff/Courses/{courseId}/Announcements/Edit", new Dictionary<string, string?>
        {
            ["Input.Title"] = "Scheduled in New York",
            ["Input.PublishAt"] = "2025-11-03T09:00",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await app.WithDbAsync(db => db.Announcements.Where(a => a.Title == "Scheduled in New York").Select(a => a.PublishAt).SingleAsync());
        // Nov 3 2025 is after the change to standard time: 09:00 in New York is 14:00 UTC.
        Assert.Equal(new DateTime(2025, 11, 3, 14, 0, 0, DateTimeKind.Utc), stored);
        Assert.DoesNotContain("Scheduled in New York", await app.CreateClient().GetStringAsync(CourseUrl), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Markdown_preview_uses_the_public_pipeline()
    {
        var (client, courseId) = await TaAsync("editor.six@example.edu");
        var form = await app.GetDocumentAsync(client, $"/Staff/Courses/{courseId}/Lectures/Edit");
        var token = form.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;

        using var response = await client.PostAsync("/Staff/Preview", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", token),
            new("markdownText", "**bold** <script>x</script> [bad](javascript:alert(1))"),
        ]));

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<strong>bold</strong>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_order_materials_with_move_up_and_down_and_the_public_list_follows()
    {
        var (client, courseId) = await TaAsync("editor.order@example.edu");
        foreach (var title in new[] { "Order A", "Order B" })
        {
            using var added = await client.SubmitFormAsync($"/Staff/Courses/{courseId}/Materials/Edit", new Dictionary<string, string?>
            {
                ["Input.Title"] = title,
                ["Input.Url"] = "https://example.edu/" + title.Replace(' ', '-'),
                ["Input.SortOrder"] = "50",
            });
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        }

        var idOfB = await app.WithDbAsync(db => db.Materials.Where(m => m.Title == "Order B").Select(m => m.Id).SingleAsync());
        Assert.Equal(["Order A (link)", "Order B (link)"], await CourseMaterialTitlesAsync());

        using var moved = await client.SubmitFormAsync($"/Staff/Courses/{courseId}/Materials", new Dictionary<string, string?>(),
            $"form[action*='id={idOfB}&up=True'], form[action*='id={idOfB}&up=true']");

        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal(["Order B (link)", "Order A (link)"], await CourseMaterialTitlesAsync());
    }

    [Fact]
    public async Task A_material_move_from_a_list_loaded_before_someone_else_reordered_it_is_refused()
    {
        var (client, courseId) = await TaAsync("editor.stale.order@example.edu");
        var (other, _) = await TaAsync("editor.stale.other@example.edu");
        foreach (var title in new[] { "Swap A", "Swap B", "Swap C" })
        {
            using var added = await client.SubmitFormAsync($"/Staff/Courses/{courseId}/Materials/Edit", new Dictionary<string, string?>
            {
                ["Input.Title"] = title,
                ["Input.Url"] = "https://example.edu/" + title.Replace(' ', '-'),
                ["Input.SortOrder"] = "990",
            });
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        }

        var ids = await app.WithDbAsync(db => db.Materials.Where(m => m.Title.StartsWith("Swap ")).ToDictionaryAsync(m => m.Title, m => m.Id));
        var list = $"/Staff/Courses/{courseId}/Materials";
        var stale = await app.GetDocumentAsync(client, list);
        // The last of a group has no ↓.
        Assert.Null(stale.QuerySelector($"form[action*='id={ids["Swap C"]}&up=False'], form[action*='id={ids["Swap C"]}&up=false']"));
        using (var theirs = await other.SubmitFormAsync(list, new Dictionary<string, string?>(), $"form[action*='id={ids["Swap C"]}&up=True'], form[action*='id={ids["Swap C"]}&up=true']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, theirs.StatusCode);
        }

        Assert.Equal(["Swap A (link)", "Swap C (link)", "Swap B (link)"], await CourseMaterialTitlesAsync("Swap"));

        // Meant to swap A with B, which is no longer next to it: swapping with C instead would undo the other's change.
        using (var moved = await client.SubmitFormAsync(stale, list, new Dictionary<string, string?>(), $"form[action*='id={ids["Swap A"]}&up=False'], form[action*='id={ids["Swap A"]}&up=false']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        }

        var shown = await app.GetDocumentAsync(client, list);
        Assert.StartsWith("Not moved:", shown.QuerySelector(".flash")?.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(["Swap A (link)", "Swap C (link)", "Swap B (link)"], await CourseMaterialTitlesAsync("Swap"));
    }

    private async Task<List<string>> CourseMaterialTitlesAsync(string prefix = "Order")
    {
        var page = await app.GetDocumentAsync(app.CreateClient(), CourseUrl);
        return page.QuerySelectorAll("#materials a").Select(a => a.TextContent).Where(t => t.StartsWith(prefix, StringComparison.Ordinal)).ToList();
    }

    private async Task<(HttpClient Client, int CourseId)> TaAsync(string email, string role = StaffRoles.TeachingAssistant)
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        await app.CreateUserAsync(email, courseId: courseId, role: role);
        return (await app.SignInAsync(email), courseId);
    }

    private Task<int> LectureIdAsync(DateOnly date) =>
        app.WithDbAsync(db => db.Lectures.Where(l => l.Date == date).Select(l => l.Id).SingleAsync());
}
