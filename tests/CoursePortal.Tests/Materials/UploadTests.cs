using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CoursePortal.Data;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Materials;

/// <summary>A portal with a small upload limit, so "too large" needs only a small request.</summary>
public sealed class SmallUploadLimitApplication : PortalApplication
{
    public const int Limit = 200 * 1024;

    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Portal:Uploads:MaxBytes", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}

public sealed class UploadTests(SmallUploadLimitApplication app) : IClassFixture<SmallUploadLimitApplication>
{
    private const string CourseUrl = "/" + DemoSeeder.Slug;

    [Fact]
    public async Task A_pdf_uploaded_to_a_lecture_appears_on_the_public_page_with_its_size()
    {
        var (client, courseId) = await StaffAsync();
        var lectureId = await LectureIdAsync(new DateOnly(2025, 9, 22));
        var pdf = TestPdf.Create("Credit attribution notes");

        using var response = await UploadAsync(client, courseId, ("notes-credit.pdf", pdf), new() { ["For"] = $"lecture-{lectureId}", ["Title"] = "Slides" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var file = json.RootElement.GetProperty("files")[0];
        Assert.True(file.GetProperty("ok").GetBoolean());
        var url = file.GetProperty("url").GetString()!;
        Assert.EndsWith("/notes-credit.pdf", url, StringComparison.Ordinal);
        var page = await app.GetDocumentAsync(app.CreateClient(), CourseUrl);
        var link = page.QuerySelectorAll("tr").Single(tr => tr.QuerySelector("time[datetime='2025-09-22']") is not null).QuerySelector("a")!;
        Assert.Equal($"Slides (PDF, {CoursePortal.Courses.Formats.FileSize(pdf.Length)})", link.TextContent);
        Assert.Equal(url, link.GetAttribute("href"));
        Assert.Equal(pdf, await app.CreateClient().GetByteArrayAsync(url));
    }

    [Theory]
    [InlineData("<html><script>alert(1)</script></html>")]
    [InlineData("just some text, not a PDF at all")]
    [InlineData("%PDF-1.7 but nothing after the header")]
    [InlineData("")]
    public async Task Content_that_is_not_a_pdf_is_refused_whatever_its_name_and_leaves_nothing(string content)
    {
        var (client, courseId) = await StaffAsync();
        var before = await MaterialCountAsync();

        using var response = await UploadAsync(client, courseId, ("looks-like.pdf", Encoding.UTF8.GetBytes(content)), [], contentType: "application/pdf");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var message = json.RootElement.GetProperty("files")[0].GetProperty("message").GetString()!;
        Assert.Contains("looks-like.pdf", message, StringComparison.Ordinal);
        Assert.Equal(before, await MaterialCountAsync());
        AssertNoTemporaryFiles();
    }

    [Fact]
    public async Task An_oversized_upload_gets_413_before_it_is_read_and_leaves_nothing()
    {
        var (client, courseId) = await StaffAsync();
        var before = await MaterialCountAsync();
        var files = await app.StoredHashesAsync();
        var big = new byte[SmallUploadLimitApplication.Limit + (2 * 1024 * 1024)];
        "%PDF-1.4\n"u8.CopyTo(big);

        using var response = await UploadAsync(client, courseId, ("huge.pdf", big), []);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("larger than the", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await MaterialCountAsync());
        Assert.Equal(files, await app.StoredHashesAsync());
        AssertNoTemporaryFiles();
    }

    [Fact]
    public async Task A_file_over_the_limit_inside_an_allowed_request_is_refused_with_413_and_leaves_nothing()
    {
        var (client, courseId) = await StaffAsync();
        var before = await MaterialCountAsync();
        // Within the request allowance (limit + framing room) but over the per-file limit.
        var big = new byte[SmallUploadLimitApplication.Limit + 1000];
        "%PDF-1.4\n"u8.CopyTo(big);

        using var response = await UploadAsync(client, courseId, ("just-over.pdf", big), []);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before, await MaterialCountAsync());
        AssertNoTemporaryFiles();
    }

    [Fact]
    public async Task A_name_with_path_parts_is_stored_safely_and_shown_cleaned()
    {
        var (client, courseId) = await StaffAsync();

        using var response = await UploadAsync(client, courseId, ("../../x.pdf", TestPdf.Create("path traversal")), []);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var material = await app.WithDbAsync(db => db.Materials.OrderByDescending(m => m.Id).FirstAsync());
        Assert.Equal("x.pdf", material.FileName);
        Assert.Equal("x", material.Title);
        Assert.False(File.Exists(Path.GetFullPath(Path.Combine(app.DataDirectory, "files", "..", "..", "x.pdf"))));
        Assert.Contains(material.FileHash!, await app.StoredHashesAsync());
    }

    [Fact]
    public async Task A_name_with_characters_no_output_can_carry_is_cleaned_not_a_server_error()
    {
        var (client, courseId) = await StaffAsync();

        using var response = await UploadAsync(client, courseId, ("notes\uFFFF\u0001.pdf", TestPdf.Create("odd name")), []);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("notes.pdf", json.RootElement.GetProperty("files")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_non_ascii_name_is_kept_and_sent_with_rfc_6266_encoding()
    {
        var (client, courseId) = await StaffAsync();

        using var response = await UploadAsync(client, courseId, ("Übung 3 – Lösung.pdf", TestPdf.Create("umlauts")), []);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var url = json.RootElement.GetProperty("files")[0].GetProperty("url").GetString()!;
        using var download = await app.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var disposition = download.Content.Headers.ContentDisposition!;
        Assert.Equal("inline", disposition.DispositionType);
        Assert.Equal("Übung 3 – Lösung.pdf", disposition.FileNameStar);
        Assert.Contains("filename*=UTF-8''", download.Content.Headers.GetValues("Content-Disposition").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_file_uploaded_twice_is_stored_once_and_deleting_the_last_reference_removes_it()
    {
        var (client, courseId) = await StaffAsync();
        var pdf = TestPdf.Create("stored once");
        var before = (await app.StoredHashesAsync()).Count;

        using (var first = await UploadAsync(client, courseId, ("once-a.pdf", pdf), []))
        using (var second = await UploadAsync(client, courseId, ("once-b.pdf", pdf), []))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        Assert.Equal(before + 1, (await app.StoredHashesAsync()).Count);
        var ids = await app.WithDbAsync(db => db.Materials.Where(m => m.FileName!.StartsWith("once-")).Select(m => m.Id).ToListAsync());
        var hash = await app.WithDbAsync(db => db.Materials.Where(m => m.Id == ids[0]).Select(m => m.FileHash!).SingleAsync());

        // Past the grace period that protects a file an upload has just stored.
        app.Clock.SetUtcNow(app.Clock.Now.AddMinutes(11));
        try
        {
            await DeleteMaterialAsync(client, courseId, ids[0]);
            // Still used by the other material.
            Assert.Contains(hash, await app.StoredHashesAsync());
            await DeleteMaterialAsync(client, courseId, ids[1]);
            // Nothing refers to it any more.
            Assert.DoesNotContain(hash, await app.StoredHashesAsync());
        }
        finally
        {
            app.Clock.SetUtcNow(PortalApplication.MidTerm);
        }
    }

    [Fact]
    public async Task Replacing_the_file_keeps_the_url_and_keeps_the_earlier_version_for_staff()
    {
        var (client, courseId) = await StaffAsync();
        using var created = await UploadAsync(client, courseId, ("syllabus.pdf", TestPdf.Create("version one")), []);
        using var createdJson = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var url = createdJson.RootElement.GetProperty("files")[0].GetProperty("url").GetString()!;
        var id = int.Parse(url.Split('/')[3], System.Globalization.CultureInfo.InvariantCulture);
        var etagBefore = (await app.CreateClient().GetAsync(url)).Headers.ETag;
        var second = TestPdf.Create("version two");

        using var replaced = await UploadAsync(client, courseId, ("syllabus-v2.pdf", second), [], query: $"?replace={id}");

        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        using var download = await app.CreateClient().GetAsync(url);
        Assert.Equal(second, await download.Content.ReadAsByteArrayAsync());
        Assert.NotEqual(etagBefore, download.Headers.ETag);
        var edit = await app.GetDocumentAsync(client, $"/Staff/Courses/{courseId}/Materials/Edit/{id}");
        var rows = edit.QuerySelectorAll("#versions-heading ~ table tbody tr").ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains("syllabus-v2.pdf (current)", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("uploader", rows[1].TextContent, StringComparison.Ordinal);
        var oldHref = rows[1].QuerySelector("a")!.GetAttribute("href")!;
        Assert.Contains("handler=Version", oldHref, StringComparison.Ordinal);
        using var old = await client.GetAsync(oldHref);
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        using var publicOld = await app.Browser().GetAsync(oldHref);
        Assert.Equal(HttpStatusCode.Redirect, publicOld.StatusCode);
    }

    [Fact]
    public async Task A_release_time_hides_the_file_from_the_public_until_it_passes_while_staff_can_preview()
    {
        var (client, courseId) = await StaffAsync();
        // 09:00 on Sept 12 in New York is 13:00 UTC: two days after the test clock's "now".
        using var response = await UploadAsync(client, courseId, ("later.pdf", TestPdf.Create("released later")), new() { ["VisibleFrom"] = "2025-09-12T09:00" });
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var url = json.RootElement.GetProperty("files")[0].GetProperty("url").GetString()!;
        var stored = await app.WithDbAsync(db => db.Materials.Where(m => m.FileName == "later.pdf").Select(m => m.VisibleFrom).SingleAsync());
        Assert.Equal(new DateTime(2025, 9, 12, 13, 0, 0, DateTimeKind.Utc), stored);

        using (var hidden = await app.CreateClient().GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }

        Assert.DoesNotContain("later.pdf", await app.CreateClient().GetStringAsync(CourseUrl), StringComparison.Ordinal);
        Assert.DoesNotContain("later.pdf", await app.CreateClient().GetStringAsync($"/api/courses/{DemoSeeder.Slug}"), StringComparison.Ordinal);
        using (var preview = await client.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
            Assert.True(preview.Headers.CacheControl!.NoStore);
        }

        app.Clock.SetUtcNow(new DateTimeOffset(2025, 9, 12, 13, 0, 1, TimeSpan.Zero));
        try
        {
            using var released = await app.CreateClient().GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, released.StatusCode);
            Assert.Contains("later.pdf", await app.CreateClient().GetStringAsync(CourseUrl), StringComparison.Ordinal);
        }
        finally
        {
            app.Clock.SetUtcNow(PortalApplication.MidTerm);
        }
    }

    [Fact]
    public async Task Without_script_the_form_posts_several_files_with_the_token_in_the_body()
    {
        var (client, courseId) = await StaffAsync();
        var page = await app.GetDocumentAsync(client, $"/Staff/Courses/{courseId}/Materials/Upload");
        var token = page.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("Reading"), "Title" },
            { Pdf(TestPdf.Create("first reading")), "files", "reading-1.pdf" },
            { Pdf(TestPdf.Create("second reading")), "files", "reading-2.pdf" },
        };

        using var response = await client.PostAsync($"/Staff/Courses/{courseId}/Materials/Upload", content);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(2, await app.WithDbAsync(db => db.Materials.CountAsync(m => m.FileName!.StartsWith("reading-") && m.Title == "Reading")));
    }

    [Theory]
    [InlineData("notes.docx", "word/document.xml", "a Word document")]
    [InlineData("slides.pptx", "ppt/presentation.xml", "a PowerPoint presentation")]
    [InlineData("backup.zip", "readme.txt", "a ZIP archive")]
    public async Task A_refused_file_is_named_with_what_it_seems_to_be_and_what_is_accepted(string name, string part, string kind)
    {
        var (client, courseId) = await StaffAsync();
        var zip = Zip("[Content_Types].xml", part);
        var expected = $"“{name}” looks like {kind}, not a PDF; upload a PDF (save or print it as PDF first) or add a link to it.";

        using var response = await UploadAsync(client, courseId, (name, zip), [], contentType: "application/octet-stream");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(expected, json.RootElement.GetProperty("files")[0].GetProperty("message").GetString());

        // Without the script, the page shows the same words.
        var page = await app.GetDocumentAsync(client, $"/Staff/Courses/{courseId}/Materials/Upload");
        var token = page.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(zip), "files", name },
        };
        using var posted = await client.PostAsync($"/Staff/Courses/{courseId}/Materials/Upload", content);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, posted.StatusCode);
        Assert.Equal(expected, (await posted.ReadDocumentAsync()).QuerySelector(".upload-results .refused")?.TextContent.Trim());
    }

    [Theory]
    [InlineData(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10 }, "a PNG image")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "a JPEG image")]
    [InlineData(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1 }, "an older Office document (.doc, .ppt or .xls)")]
    [InlineData(new byte[] { (byte)'<', (byte)'h', (byte)'t', (byte)'m', (byte)'l', (byte)'>' }, "a web page (HTML)")]
    [InlineData(new byte[] { (byte)'h', (byte)'i', 10 }, "a text file")]
    [InlineData(new byte[] { 0x00, 0x01, 0x02, 0x03 }, null)]
    public void What_a_file_seems_to_be_is_told_from_its_first_bytes(byte[] head, string? kind) =>
        Assert.Equal(kind, CoursePortal.Materials.PdfCheck.WhatItIs(head));

    private static byte[] Zip(params string[] parts)
    {
        using var buffer = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var part in parts)
            {
                using var writer = new StreamWriter(archive.CreateEntry(part).Open());
                writer.Write("<x/>");
            }
        }

        return buffer.ToArray();
    }

    private async Task<(HttpClient Client, int CourseId)> StaffAsync()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        var email = $"uploader-{Guid.NewGuid():n}@example.edu";
        await app.CreateUserAsync(email, courseId: courseId);
        return (await app.SignInAsync(email), courseId);
    }

    /// <summary>Posts like the page's script: the token in a header, JSON back, one file.</summary>
    private async Task<HttpResponseMessage> UploadAsync(
        HttpClient client, int courseId, (string Name, byte[] Bytes) file, Dictionary<string, string> fields, string contentType = "application/pdf", string query = "")
    {
        var page = await app.GetDocumentAsync(client, $"/Staff/Courses/{courseId}/Materials/Upload{query}");
        var token = page.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        var content = new MultipartFormDataContent();
        foreach (var (key, value) in fields)
        {
            content.Add(new StringContent(value), key);
        }

        var body = new ByteArrayContent(file.Bytes);
        body.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        content.Add(body, "files", file.Name);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/Staff/Courses/{courseId}/Materials/Upload{query}") { Content = content };
        request.Headers.Add("RequestVerificationToken", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await client.SendAsync(request);
    }

    private static ByteArrayContent Pdf(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return content;
    }

    private async Task DeleteMaterialAsync(HttpClient client, int courseId, int id)
    {
        var list = $"/Staff/Courses/{courseId}/Materials";
        using var response = await client.SubmitFormAsync(list, new Dictionary<string, string?>(), $"form[action*='id={id}&handler=Delete']");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private Task<int> MaterialCountAsync() => app.WithDbAsync(db => db.Materials.CountAsync());

    private Task<int> LectureIdAsync(DateOnly date) =>
        app.WithDbAsync(db => db.Lectures.Where(l => l.Date == date).Select(l => l.Id).SingleAsync());

    private void AssertNoTemporaryFiles() => Assert.Empty(app.TemporaryUploads());
}
