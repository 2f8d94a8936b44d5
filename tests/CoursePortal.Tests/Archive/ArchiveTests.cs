using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CoursePortal.Accounts;
using CoursePortal.Data;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Archive;

public sealed class ArchiveTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    [Fact]
    public async Task The_static_archive_holds_the_page_its_pdfs_and_calendar_and_every_link_resolves_inside_the_zip()
    {
        var (client, courseId) = await StaffAsync("archivist@example.edu");
        await app.WithDbAsync(async db =>
        {
            db.Materials.Add(new Material { CourseId = courseId, Title = "Secret draft", Kind = MaterialKind.Link, Url = "https://example.edu/draft", IsDraft = true });
            await db.SaveChangesAsync();
        });

        using var zip = await DownloadZipAsync(client, courseId, "Static");
        var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        var html = await ReadAsync(zip, "index.html");
        var doc = await PortalApplication.ParseAsync(html);

        Assert.Contains("calendar.ics", names);
        Assert.Contains("site.css", names);
        Assert.Equal("Theory of Deep Learning", doc.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("Recurrent architectures for language modeling", doc.QuerySelector("table.schedule")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret draft", html, StringComparison.Ordinal);
        var links = doc.QuerySelectorAll("[href], [src]").Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")!).ToList();
        var local = links.Where(l => !l.StartsWith("http:", StringComparison.Ordinal) && !l.StartsWith("https:", StringComparison.Ordinal)).ToList();
        Assert.Contains(local, l => l.StartsWith("materials/", StringComparison.Ordinal));
        foreach (var link in local)
        {
            if (link.StartsWith('#'))
            {
                Assert.True(link == "#" || doc.GetElementById(link[1..]) is not null, $"{link} points nowhere in index.html");
            }
            else
            {
                Assert.False(link.StartsWith('/'), $"{link} is absolute and breaks outside the portal");
                Assert.True(names.Contains(Uri.UnescapeDataString(link.Split('#')[0])), $"{link} is not in the zip");
            }
        }

        var pdf = zip.Entries.First(e => e.FullName.StartsWith("materials/", StringComparison.Ordinal));
        await using (var stream = await pdf.OpenAsync())
        {
            var head = new byte[5];
            await stream.ReadExactlyAsync(head);
            Assert.Equal("%PDF-"u8.ToArray(), head);
        }

        var calendar = Ical.Net.Calendar.Load(await ReadAsync(zip, "calendar.ics"))!;
        Assert.Equal(19, calendar.Events.Count(e => e.Uid!.StartsWith("lecture-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_static_archive_has_its_own_content_security_policy_and_loads_nothing_from_anywhere()
    {
        var (client, courseId) = await StaffAsync("archive.policy@example.edu");
        var material = await app.WithDbAsync(db => db.Materials.Where(m => m.CourseId == courseId && m.Kind == MaterialKind.File && !m.IsDraft)
            .OrderBy(m => m.VisibleFrom).ThenBy(m => m.Id).Select(m => new { m.Id, m.FileName }).FirstAsync());
        var materialUrl = $"/{DemoSeeder.Slug}/materials/{material.Id}/{Uri.EscapeDataString(material.FileName!)}";
        await app.WithDbAsync(async db =>
        {
            var course = await db.Courses.SingleAsync(c => c.Id == courseId);
            course.DescriptionMarkdown = $"![Tracking pixel](https://tracker.example/p.gif) ![First slides]({materialUrl}) [the slides]({materialUrl}#page=2) "
                + $"[the schedule](/{DemoSeeder.Slug}/schedule)\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |";
            await db.SaveChangesAsync();
        });

        using var zip = await DownloadZipAsync(client, courseId, "Static");
        var html = await ReadAsync(zip, "index.html");
        var doc = await PortalApplication.ParseAsync(html);
        var about = doc.QuerySelector("#about .prose")!;

        Assert.Equal(CoursePortal.Hosting.SecurityHeaders.ArchivePolicy, doc.QuerySelector("head meta[http-equiv='Content-Security-Policy']")!.GetAttribute("content"));
        Assert.Contains("default-src 'none'", CoursePortal.Hosting.SecurityHeaders.ArchivePolicy, StringComparison.Ordinal);
        Assert.Null(doc.QuerySelector("img, script, iframe, object, [style], [src]"));
        Assert.Equal("https://tracker.example/p.gif", about.QuerySelectorAll("a").Single(a => a.TextContent == "Tracking pixel").GetAttribute("href"));
        var archived = $"materials/{material.Id}-{Uri.EscapeDataString(material.FileName!)}";
        Assert.NotNull(zip.GetEntry(Uri.UnescapeDataString(archived)));
        Assert.Equal(archived, about.QuerySelectorAll("a").Single(a => a.TextContent == "First slides").GetAttribute("href"));
        Assert.Equal(archived + "#page=2", about.QuerySelectorAll("a").Single(a => a.TextContent == "the slides").GetAttribute("href"));
        Assert.Equal($"http://localhost/{DemoSeeder.Slug}/schedule", about.QuerySelectorAll("a").Single(a => a.TextContent == "the schedule").GetAttribute("href"));
        Assert.Equal(["align-center", "align-right"], about.QuerySelectorAll("td").Select(td => td.GetAttribute("class")));
    }

    [Fact]
    public async Task An_import_whose_markdown_has_an_image_without_a_description_is_refused_naming_where()
    {
        var (client, courseId) = await StaffAsync("undescribed.exporter@example.edu");
        await app.CreateUserAsync("undescribed.admin@example.edu", admin: true);
        var admin = await app.SignInAsync("undescribed.admin@example.edu");
        using var export = await DownloadBytesAsync(client, courseId);
        var courses = await app.WithDbAsync(db => db.Courses.CountAsync());

        var edited = await EditExportAsync(export, document => document["lectures"]![0]!["notes"] = "Read this: ![](https://images.example.com/figure.png)");

        using var refused = await ImportAsync(app, admin, edited, slug: "undescribed-copy");

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var message = (await refused.ReadDocumentAsync()).FieldError("Archive");
        Assert.Contains("Export file (.zip): the notes of the lecture", message, StringComparison.Ordinal);
        Assert.Contains("has no description", message, StringComparison.Ordinal);
        Assert.Equal(courses, await app.WithDbAsync(db => db.Courses.CountAsync()));
    }

    [Fact]
    public async Task Export_then_import_into_another_portal_then_export_gives_the_same_content()
    {
        var (client, courseId) = await StaffAsync("exporter@example.edu");
        using var first = await DownloadBytesAsync(client, courseId);

        using var other = new EmptyPortalApplication();
        await other.CreateUserAsync("importer@example.edu", admin: true);
        var admin = await other.SignInAsync("importer@example.edu");
        using (var imported = await ImportAsync(other, admin, first.ToArray(), slug: null))
        {
            Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        }

        var importedId = await other.CourseIdAsync(DemoSeeder.Slug);
        using var second = await DownloadBytesAsync(admin, importedId);

        using var a = new ZipArchive(first);
        using var b = new ZipArchive(second);
        Assert.Equal(await ReadAsync(a, "course.json"), await ReadAsync(b, "course.json"));
        Assert.Equal(a.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal), b.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        var publicPage = await other.GetDocumentAsync(other.CreateClient(), "/" + DemoSeeder.Slug);
        Assert.Contains("Sanjeev Arora", publicPage.QuerySelector("#staff")!.TextContent, StringComparison.Ordinal);
        using var pdf = await other.CreateClient().GetAsync(publicPage.QuerySelector("#lecture-1 a")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
    }

    [Fact]
    public async Task Import_into_the_same_portal_needs_a_new_slug_and_a_damaged_export_is_refused_without_a_trace()
    {
        var (client, courseId) = await StaffAsync("reimporter@example.edu");
        await app.CreateUserAsync("reimport.admin@example.edu", admin: true);
        var admin = await app.SignInAsync("reimport.admin@example.edu");
        using var export = await DownloadBytesAsync(client, courseId);
        var bytes = export.ToArray();
        var courses = await app.WithDbAsync(db => db.Courses.CountAsync());

        using (var taken = await ImportAsync(app, admin, bytes, slug: null))
        {
            Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
            Assert.Contains("exists already", (await taken.ReadDocumentAsync()).FieldError("Archive"), StringComparison.Ordinal);
        }

        var damaged = bytes.ToArray();
        for (var i = damaged.Length / 3; i < damaged.Length / 3 + 64; i++)
        {
            damaged[i] ^= 0xFF;
        }

        using (var refused = await ImportAsync(app, admin, damaged, slug: "damaged-copy"))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.NotEmpty((await refused.ReadDocumentAsync()).FieldError("Archive"));
        }

        Assert.Equal(courses, await app.WithDbAsync(db => db.Courses.CountAsync()));

        using (var copy = await ImportAsync(app, admin, bytes, slug: "deep-learning-fall-2025-copy"))
        {
            Assert.Equal(HttpStatusCode.Redirect, copy.StatusCode);
        }

        var copyId = await app.CourseIdAsync("deep-learning-fall-2025-copy");
        using var again = await DownloadBytesAsync(admin, copyId);
        using var a = new ZipArchive(new MemoryStream(bytes));
        using var b = new ZipArchive(again);
        var original = JsonNode.Parse(await ReadAsync(a, "course.json"))!;
        original["course"]!["slug"] = "deep-learning-fall-2025-copy";
        Assert.Equal(original.ToJsonString(), JsonNode.Parse(await ReadAsync(b, "course.json"))!.ToJsonString());
        Assert.DoesNotContain(app.TemporaryUploads(), f => f.EndsWith(".upload", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("link", "javascript:alert(1)", "https:// or http://")]
    [InlineData("link", "data:text/html,<script>alert(1)</script>", "https:// or http://")]
    [InlineData("topic", "long", "at most 300 fit")]
    [InlineData("slug", "Not A Slug!", "lower-case letters")]
    public async Task An_import_that_breaks_a_rule_the_forms_keep_is_refused_naming_it_and_keeps_nothing(string field, string value, string expected)
    {
        var id = Guid.NewGuid().ToString("n");
        var (client, courseId) = await StaffAsync($"rules.exporter.{id}@example.edu");
        await app.CreateUserAsync($"rules.admin.{id}@example.edu", admin: true);
        var admin = await app.SignInAsync($"rules.admin.{id}@example.edu");
        using var export = await DownloadBytesAsync(client, courseId);
        var before = await app.WithDbAsync(async db => (await db.Courses.CountAsync(), await db.Materials.CountAsync()));

        var edited = await EditExportAsync(export, document =>
        {
            switch (field)
            {
                case "link":
                    var material = document["materials"]![0]!;
                    material["kind"] = "Link";
                    material["url"] = value;
                    break;
                case "topic":
                    document["lectures"]![0]!["topic"] = new string('t', 400);
                    break;
                case "slug":
                    document["course"]!["slug"] = value;
                    break;
            }
        });

        using var refused = await ImportAsync(app, admin, edited, slug: field == "slug" ? null : $"rules-copy-{id}");

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains(expected, (await refused.ReadDocumentAsync()).FieldError("Archive"), StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync(async db => (await db.Courses.CountAsync(), await db.Materials.CountAsync())));
    }

    [Fact]
    public async Task An_import_drops_control_characters_an_older_portal_stored()
    {
        var (client, courseId) = await StaffAsync("control.exporter@example.edu");
        await app.CreateUserAsync("control.admin@example.edu", admin: true);
        var admin = await app.SignInAsync("control.admin@example.edu");
        using var export = await DownloadBytesAsync(client, courseId);
        var edited = await EditExportAsync(export, document => document["lectures"]![0]!["topic"] = "Optimization\u0001 theory\u000B\uFFFE");

        using var imported = await ImportAsync(app, admin, edited, slug: "control-copy");

        Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        var topic = await app.WithDbAsync(db => db.Lectures.Where(l => l.Course!.Slug == "control-copy").OrderBy(l => l.Date).Select(l => l.Topic).FirstAsync());
        Assert.Equal("Optimization theory", topic);
    }

    internal static async Task<byte[]> EditExportAsync(MemoryStream export, Action<JsonNode> edit)
    {
        var edited = new MemoryStream();
        export.Position = 0;
        export.CopyTo(edited);
        using (var zip = new ZipArchive(edited, ZipArchiveMode.Update, leaveOpen: true))
        {
            var document = JsonNode.Parse(await ReadAsync(zip, "course.json"))!;
            edit(document);
            zip.GetEntry("course.json")!.Delete();
            await using var entry = await zip.CreateEntry("course.json").OpenAsync();
            await entry.WriteAsync(Encoding.UTF8.GetBytes(document.ToJsonString()));
        }

        return edited.ToArray();
    }

    /// <summary>An Instructor of the demo course: archive and export are theirs, not a TA's.</summary>
    private async Task<(HttpClient Client, int CourseId)> StaffAsync(string email)
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        await app.CreateUserAsync(email, courseId: courseId, role: StaffRoles.Instructor);
        return (await app.SignInAsync(email), courseId);
    }

    internal static async Task<ZipArchive> DownloadZipAsync(HttpClient client, int courseId, string handler)
    {
        using var response = await client.SubmitFormAsync($"/Staff/Courses/{courseId}/Archive", new Dictionary<string, string?>(), $"form[action*='handler={handler}']");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        return new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
    }

    internal static async Task<MemoryStream> DownloadBytesAsync(HttpClient client, int courseId)
    {
        using var response = await client.SubmitFormAsync($"/Staff/Courses/{courseId}/Archive", new Dictionary<string, string?>(), "form[action*='handler=Export']");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new MemoryStream(await response.Content.ReadAsByteArrayAsync());
    }

    internal static async Task<HttpResponseMessage> ImportAsync(PortalApplication portal, HttpClient admin, byte[] archive, string? slug)
    {
        var page = await portal.GetDocumentAsync(admin, "/Admin/Import");
        var token = page.QuerySelector("main input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(slug ?? ""), "Slug" },
            { new ByteArrayContent(archive), "Archive", "export.zip" },
        };
        return await admin.PostAsync("/Admin/Import", content);
    }

    internal static async Task<string> ReadAsync(ZipArchive zip, string name)
    {
        await using var stream = await zip.GetEntry(name)!.OpenAsync();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }
}
