using System.Net;
using CoursePortal.Accounts;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Staff;

/// <summary>
/// The two course roles through the real forms: what a TA may not do is refused even when the TA posts
/// the Instructor's own form with a valid token, the Instructor's same form goes through, and the pages
/// offer a TA no link or form that would be refused.
/// </summary>
public sealed class CourseRoleTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    private static readonly string[] InstructorOnlyPages = ["Info", "Copy", "Holidays", "Archive", "Lectures/Generate", "People/Edit"];

    [Fact]
    public async Task A_TA_cannot_publish_or_retitle_the_course_and_its_Instructor_can()
    {
        var (ta, instructor, courseId) = await StaffAsync("publish");
        await app.WithDbAsync(db => db.Courses.Where(c => c.Id == courseId).ExecuteUpdateAsync(s => s.SetProperty(c => c.IsPublished, false)));
        var url = $"/Staff/Courses/{courseId}/Info";
        var changes = new Dictionary<string, string?> { ["Input.IsPublished"] = "true", ["Input.Title"] = "Any title at all" };

        using (var page = await ta.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        }

        using (var refused = await PostAsAsync(ta, courseId, await app.GetDocumentAsync(instructor, url), url, changes))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.Equal((false, "Theory of Deep Learning"), await PublishedAndTitleAsync(courseId));

        using (var published = await instructor.SubmitFormAsync(url, changes))
        {
            Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        }

        Assert.Equal((true, "Any title at all"), await PublishedAndTitleAsync(courseId));
    }

    [Fact]
    public async Task A_TA_cannot_copy_the_course_to_a_new_term_and_its_Instructor_can()
    {
        var (ta, instructor, courseId) = await StaffAsync("copy");
        await app.EnsureTermAsync("Spring 2026", new(2026, 1, 21), new(2026, 5, 8));
        var url = $"/Staff/Courses/{courseId}/Copy";
        var fields = new Dictionary<string, string?>
        {
            ["Input.Slug"] = "deep-learning-by-whom",
            ["Input.TermName"] = "Spring 2026",
            ["Input.TermStart"] = "2026-01-21",
            ["Input.TermEnd"] = "2026-05-08",
        };
        using var previewResponse = await instructor.SubmitFormAsync(url, fields, "main form", "button[formaction*='Preview']");
        var preview = await previewResponse.ReadDocumentAsync();

        using (var page = await ta.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        }

        using (var refused = await PostAsAsync(ta, courseId, preview, url, fields, "button[formaction*='handler=Copy']"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.False(await app.WithDbAsync(db => db.Courses.AnyAsync(c => c.Slug == "deep-learning-by-whom")));

        using (var copied = await instructor.SubmitFormAsync(preview, url, fields, "main form", "button[formaction*='handler=Copy']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, copied.StatusCode);
        }

        Assert.False(await app.WithDbAsync(db => db.Courses.Where(c => c.Slug == "deep-learning-by-whom").Select(c => c.IsPublished).SingleAsync()));
    }

    [Fact]
    public async Task A_TA_may_change_office_hours_but_not_who_is_listed_as_staff()
    {
        var (ta, instructor, courseId) = await StaffAsync("people");
        var staffId = await app.WithDbAsync(db => db.StaffMembers.Where(s => s.CourseId == courseId && s.Name == "Gon Buzaglo").Select(s => s.Id).SingleAsync());
        var people = $"/Staff/Courses/{courseId}/People";

        using (var hour = await ta.SubmitFormAsync($"/Staff/Courses/{courseId}/People/{staffId}/OfficeHour", new Dictionary<string, string?>
        {
            ["Input.Weekday"] = "Friday", ["Input.Start"] = "14:00", ["Input.End"] = "15:00", ["Input.Place"] = "TA room",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, hour.StatusCode);
        }

        var removeForm = $"form[action*='People/Edit/{staffId}'][action*='handler=Delete']";
        Assert.Null((await app.GetDocumentAsync(ta, people)).QuerySelector(removeForm));
        using (var refused = await PostAsAsync(ta, courseId, await app.GetDocumentAsync(instructor, people), people, new Dictionary<string, string?>(), formSelector: removeForm))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.True(await app.WithDbAsync(db => db.StaffMembers.AnyAsync(s => s.Id == staffId)));

        using (var removed = await instructor.SubmitFormAsync(people, new Dictionary<string, string?>(), removeForm))
        {
            Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
            Assert.Equal(people, removed.Headers.Location!.OriginalString);
        }

        Assert.False(await app.WithDbAsync(db => db.StaffMembers.AnyAsync(s => s.Id == staffId)));
    }

    [Fact]
    public async Task A_TA_is_offered_no_link_or_form_that_would_be_refused_and_an_Instructor_is_offered_everything()
    {
        var (ta, instructor, courseId) = await StaffAsync("links");
        var instructorOnly = InstructorOnlyPages.Select(p => $"/Staff/Courses/{courseId}/{p}").ToList();

        var offeredToTa = await CrawlAsync(ta, courseId);
        var offeredToInstructor = await CrawlAsync(instructor, courseId);

        Assert.All(offeredToTa, p => Assert.True(p.Value == HttpStatusCode.OK, $"a TA is offered {p.Key}, which gave {(int)p.Value}"));
        Assert.All(offeredToInstructor, p => Assert.True(p.Value == HttpStatusCode.OK, $"an Instructor is offered {p.Key}, which gave {(int)p.Value}"));
        Assert.True(offeredToTa.Count >= 15, $"only {offeredToTa.Count} staff pages offered to a TA");
        Assert.All(instructorOnly, p => Assert.Contains(offeredToInstructor.Keys, k => k.StartsWith(p, StringComparison.Ordinal)));
        Assert.All(instructorOnly, p => Assert.DoesNotContain(offeredToTa.Keys, k => k.StartsWith(p, StringComparison.Ordinal)));
    }

    /// <summary>
    /// Every staff page of the course reachable from the dashboard by links, with the status its GET
    /// gave; a form counts as offering the page it posts to.
    /// </summary>
    private async Task<Dictionary<string, HttpStatusCode>> CrawlAsync(HttpClient client, int courseId)
    {
        var seen = new Dictionary<string, HttpStatusCode>(StringComparer.Ordinal);
        var queue = new Queue<string>(["/Staff"]);
        while (queue.TryDequeue(out var path))
        {
            if (!seen.TryAdd(path, 0))
            {
                continue;
            }

            using var response = await client.GetAsync(path);
            seen[path] = response.StatusCode;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                continue;
            }

            var doc = await response.ReadDocumentAsync();
            var targets = doc.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!)
                .Concat(doc.QuerySelectorAll("form[action]").Select(f => f.GetAttribute("action")!));
            foreach (var target in targets)
            {
                var targetPath = WebUtility.HtmlDecode(target).Split('?', '#')[0].TrimEnd('/');
                if (targetPath == "/Staff" || targetPath.StartsWith($"/Staff/Courses/{courseId}/", StringComparison.Ordinal))
                {
                    queue.Enqueue(targetPath);
                }
            }
        }

        return seen;
    }

    /// <summary>
    /// Posts <paramref name="doc"/>'s form (as rendered for someone else) as <paramref name="client"/>, with
    /// <paramref name="client"/>'s own form token: what a TA could send without ever seeing the page.
    /// </summary>
    private async Task<HttpResponseMessage> PostAsAsync(
        HttpClient client, int courseId, AngleSharp.Dom.IDocument doc, string pageUrl, IReadOnlyDictionary<string, string?> changes, string? button = null, string formSelector = "main form[method='post']")
    {
        var own = await app.GetDocumentAsync(client, $"/Staff/Courses/{courseId}/Lectures");
        var token = own.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value");
        return await client.SubmitFormAsync(doc, pageUrl, new Dictionary<string, string?>(changes) { ["__RequestVerificationToken"] = token }, formSelector, button);
    }

    private Task<(bool IsPublished, string Title)> PublishedAndTitleAsync(int courseId) => app.WithDbAsync(async db =>
    {
        var course = await db.Courses.AsNoTracking().SingleAsync(c => c.Id == courseId);
        return (course.IsPublished, course.Title);
    });

    /// <summary>A TA and an Instructor of the demo course, each signed in.</summary>
    private async Task<(HttpClient Ta, HttpClient Instructor, int CourseId)> StaffAsync(string name)
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        await app.CreateUserAsync($"{name}.ta@example.edu", courseId: courseId, role: StaffRoles.TeachingAssistant);
        await app.CreateUserAsync($"{name}.instructor@example.edu", courseId: courseId, role: StaffRoles.Instructor);
        return (await app.SignInAsync($"{name}.ta@example.edu"), await app.SignInAsync($"{name}.instructor@example.edu"), courseId);
    }
}
