using System.Net;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Staff;

/// <summary>
/// A TA adding tomorrow's slides: the lecture's edit page shows its number, date and materials and takes files (through
/// the one upload handler, with its checks) and links right there; the general upload page's "For" list is grouped by
/// week and starts on the next lecture.
/// </summary>
public sealed class LectureMaterialsTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    private const string CourseUrl = "/" + DemoSeeder.Slug;

    [Fact]
    public async Task Lecture_edit_page_shows_its_number_date_and_materials()
    {
        var (client, courseId) = await TaAsync();
        var lectureId = await LectureIdAsync(new DateOnly(2025, 9, 3));

        var page = await app.GetDocumentAsync(client, $"/Staff/Courses/{courseId}/Lectures/Edit/{lectureId}");

        Assert.Equal("Lecture 1 · Wednesday, September 3, 2025 · 1 material", page.QuerySelector(".lecture-facts")!.TextContent.Trim());
        var row = page.QuerySelectorAll(".lecture-materials tbody tr").Single();
        Assert.Equal("Lecture PDF", row.QuerySelector("td[data-label='Title'] a")!.TextContent.Trim());
        Assert.StartsWith("PDF, ", row.QuerySelector("td[data-label='Kind']")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("Yes", row.QuerySelector("td[data-label='Visible to students']")!.TextContent.Trim());
        var upload = page.QuerySelector<IHtmlFormElement>(".lecture-materials form[data-uploader]")!;
        Assert.NotNull(upload.QuerySelector("[data-dropzone] input[type=file][name=files]"));
        Assert.Equal($"lecture-{lectureId}", upload.QuerySelector<IHtmlInputElement>("input[name=For]")!.Value);
    }

    [Fact]
    public async Task A_pdf_posted_through_the_lecture_page_form_lands_on_the_lecture_and_comes_back_there()
    {
        var (client, courseId) = await TaAsync();
        var lectureId = await LectureIdAsync(new DateOnly(2025, 9, 24));
        var editUrl = $"/Staff/Courses/{courseId}/Lectures/Edit/{lectureId}";
        var page = await app.GetDocumentAsync(client, editUrl);
        var form = page.QuerySelector<IHtmlFormElement>(".lecture-materials form[data-uploader]")!;
        var pdf = TestPdf.Create("Linear data models: slides");

        using var response = await client.SubmitFormWithFilesAsync(form, editUrl, new Dictionary<string, string?> { ["Title"] = "Slides" },
            ("linear-models.pdf", "application/pdf", pdf));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(editUrl, response.Headers.Location!.OriginalString);
        var after = await app.GetDocumentAsync(client, editUrl);
        Assert.Equal("\u201clinear-models.pdf\u201d uploaded.", after.QuerySelector(".flash")!.TextContent.Trim());
        Assert.Contains(after.QuerySelectorAll(".lecture-materials td[data-label='Title'] a"), a => a.TextContent.Trim() == "Slides");
        var stored = await app.WithDbAsync(db => db.Materials.AsNoTracking().SingleAsync(m => m.LectureId == lectureId && m.Title == "Slides"));
        Assert.Equal("linear-models.pdf", stored.FileName);
        Assert.Equal(pdf.Length, stored.FileSize);

        var course = await app.GetDocumentAsync(app.CreateClient(), CourseUrl);
        var link = course.QuerySelectorAll("tr").Single(tr => tr.QuerySelector("time[datetime='2025-09-24']") is not null).QuerySelector("td[data-label='Materials'] a")!;
        Assert.Equal($"Slides (PDF, {CoursePortal.Courses.Formats.FileSize(pdf.Length)})", link.TextContent.Trim());
        Assert.Equal(pdf, await app.CreateClient().GetByteArrayAsync(link.GetAttribute("href")));
    }

    [Fact]
    public async Task The_lecture_page_upload_keeps_the_content_check_and_the_antiforgery_check()
    {
        var (client, courseId) = await TaAsync();
        var lectureId = await LectureIdAsync(new DateOnly(2025, 9, 29));
        var editUrl = $"/Staff/Courses/{courseId}/Lectures/Edit/{lectureId}";
        var form = (await app.GetDocumentAsync(client, editUrl)).QuerySelector<IHtmlFormElement>(".lecture-materials form[data-uploader]")!;
        var before = await app.WithDbAsync(db => db.Materials.CountAsync());

        using (var refused = await client.SubmitFormWithFilesAsync(form, editUrl, new Dictionary<string, string?>(),
            ("renamed.pdf", "application/pdf", Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>"))))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            var shown = await refused.ReadDocumentAsync();
            Assert.Contains("renamed.pdf", shown.QuerySelector(".upload-results .refused")!.TextContent, StringComparison.Ordinal);
        }

        using (var forged = await client.SubmitFormWithFilesAsync(form, editUrl, new Dictionary<string, string?> { ["__RequestVerificationToken"] = null },
            ("forged.pdf", "application/pdf", TestPdf.Create("no token"))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        Assert.Equal(before, await app.WithDbAsync(db => db.Materials.CountAsync()));
        Assert.Empty(app.TemporaryUploads());
    }

    [Fact]
    public async Task A_link_added_on_the_lecture_page_belongs_to_the_lecture()
    {
        var (client, courseId) = await TaAsync();
        var lectureId = await LectureIdAsync(new DateOnly(2025, 10, 1));
        var editUrl = $"/Staff/Courses/{courseId}/Lectures/Edit/{lectureId}";
        var page = await app.GetDocumentAsync(client, editUrl);

        using var response = await client.SubmitFormAsync(page, editUrl, new Dictionary<string, string?>
        {
            ["Input.Title"] = "Recording",
            ["Input.Url"] = "https://video.example.edu/diffusion",
        }, ".lecture-materials form[aria-labelledby='link-heading']");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(editUrl, response.Headers.Location!.OriginalString);
        var after = await app.GetDocumentAsync(client, editUrl);
        var row = after.QuerySelectorAll(".lecture-materials tbody tr").Single();
        Assert.Equal("Recording", row.QuerySelector("td[data-label='Title']")!.TextContent.Trim());
        Assert.Equal("Link", row.QuerySelector("td[data-label='Kind']")!.TextContent.Trim());
        var course = await app.GetDocumentAsync(app.CreateClient(), CourseUrl);
        Assert.Equal("Recording (link)", course.GetElementById("lecture-9")!.QuerySelector("td[data-label='Materials'] a")!.TextContent.Trim());

        // A bad address is refused with the material form's own message, and nothing is stored.
        using var bad = await client.SubmitFormAsync(page, editUrl, new Dictionary<string, string?>
        {
            ["Input.Title"] = "Bad",
            ["Input.Url"] = "javascript:alert(1)",
        }, ".lecture-materials form[aria-labelledby='link-heading']");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.NotEmpty((await bad.ReadDocumentAsync()).FieldError("Input.Url"));
        Assert.False(await app.WithDbAsync(db => db.Materials.AnyAsync(m => m.Title == "Bad")));
    }

    [Fact]
    public async Task Upload_page_groups_lectures_by_week_and_starts_on_the_next_lecture()
    {
        var (client, courseId) = await TaAsync();

        // Mid-term is Wednesday Sept 10 at noon: Lecture 3, that afternoon, is next.
        var page = await app.GetDocumentAsync(client, $"/Staff/Courses/{courseId}/Materials/Upload");

        var select = page.QuerySelector<IHtmlSelectElement>("select[name=For]")!;
        var groups = select.QuerySelectorAll("optgroup").Select(g => g.GetAttribute("label")).ToList();
        Assert.Equal("Week 1", groups[0]);
        Assert.Equal("Week 2", groups[1]);
        var week2 = select.QuerySelectorAll("optgroup[label='Week 2'] option").Select(o => o.TextContent.Trim()).ToList();
        Assert.Equal(["Lecture 2 · Mon Sep 8, 2025: Optimization contd.", "Lecture 3 · Wed Sep 10, 2025: Generalization theory (next lecture)"], week2);
        var lecture3 = await LectureIdAsync(new DateOnly(2025, 9, 10));
        Assert.Equal($"lecture-{lecture3}", select.QuerySelectorAll("option[selected]").Single().GetAttribute("value"));

        // A lecture named in the address wins over the next one.
        var lecture5 = await LectureIdAsync(new DateOnly(2025, 9, 17));
        var named = await app.GetDocumentAsync(client, $"/Staff/Courses/{courseId}/Materials/Upload?lectureId={lecture5}");
        Assert.Equal($"lecture-{lecture5}", named.QuerySelectorAll("select[name=For] option[selected]").Single().GetAttribute("value"));

        // After the last lecture nothing is next: the whole course.
        app.Clock.SetUtcNow(new DateTimeOffset(2025, 12, 20, 12, 0, 0, TimeSpan.Zero));
        try
        {
            // Months later the sign-in has expired: sign in again.
            var (laterClient, _) = await TaAsync();
            var later = await app.GetDocumentAsync(laterClient, $"/Staff/Courses/{courseId}/Materials/Upload");
            Assert.Empty(later.QuerySelectorAll("select[name=For] option[selected]"));
        }
        finally
        {
            app.Clock.SetUtcNow(PortalApplication.MidTerm);
        }
    }

    private async Task<(HttpClient Client, int CourseId)> TaAsync()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        var email = $"lecture-materials-{Guid.NewGuid():n}@example.edu";
        await app.CreateUserAsync(email, courseId: courseId);
        return (await app.SignInAsync(email), courseId);
    }

    private Task<int> LectureIdAsync(DateOnly date) =>
        app.WithDbAsync(db => db.Lectures.Where(l => l.Course!.Slug == DemoSeeder.Slug && l.Date == date).Select(l => l.Id).SingleAsync());
}
