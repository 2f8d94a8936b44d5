using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using CoursePortal.Accounts;
using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Demo;
using CoursePortal.Materials;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Tests.Archive;

/// <summary>Coursework items (with their lecture, files and "changed" marker) and sections (with their leaders) in export and import.</summary>
public sealed class CourseworkExportTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    private static readonly DateTime Release = new(2025, 9, 20, 13, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Coursework_and_sections_go_through_export_and_import_into_another_portal_unchanged()
    {
        var (client, courseId) = await PreparedAsync();
        using var first = await ArchiveTests.DownloadBytesAsync(client, courseId);

        using var other = new EmptyPortalApplication();
        await other.CreateUserAsync("coursework.importer@example.edu", admin: true);
        var admin = await other.SignInAsync("coursework.importer@example.edu");
        using (var imported = await ArchiveTests.ImportAsync(other, admin, first.ToArray(), slug: null))
        {
            Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        }

        using var second = await ArchiveTests.DownloadBytesAsync(admin, await other.CourseIdAsync(DemoSeeder.Slug));
        using var a = new ZipArchive(first);
        using var b = new ZipArchive(second);
        var json = await ArchiveTests.ReadAsync(a, "course.json");
        Assert.Equal(json, await ArchiveTests.ReadAsync(b, "course.json"));
        var document = JsonNode.Parse(json)!;
        Assert.Equal(2, (int)document["formatVersion"]!);
        Assert.Equal(["Problem set 7", "Midterm"], document["coursework"]!.AsArray().Select(w => (string)w!["title"]!));
        Assert.Equal(["staff-1", "staff-2"], document["sections"]![0]!["leaders"]!.AsArray().Select(l => (string)l!));

        var stored = await other.WithDbAsync(async db => await db.CourseworkItems.Include(i => i.Lecture).Include(i => i.Materials).OrderBy(i => i.Date).ToListAsync());
        Assert.Equal(new DateOnly(2025, 10, 6), stored[0].Lecture!.Date);
        Assert.Equal("Problem set 7 handout", stored[0].Materials.Single().Title);
        Assert.Equal(("Friend 101", "McCosh 10", 1), (stored[1].PreviousRoom, stored[1].Room, stored[1].Sequence));
        var leaders = await other.WithDbAsync(db => db.Sections.SelectMany(x => x.Leaders).Select(l => l.StaffMember!.Name).Order().ToListAsync());
        Assert.Equal(["Gon Buzaglo", "Sanjeev Arora"], leaders);

        // The handout is public with its item, on the imported course as on the original.
        var page = await other.GetDocumentAsync(other.CreateClient(), "/" + DemoSeeder.Slug);
        Assert.Null(page.QuerySelector($"#{CourseworkEntry.AnchorFor(stored[0].Id)}"));
        other.Clock.SetUtcNow(Release.AddMinutes(1));
        page = await other.GetDocumentAsync(other.CreateClient(), "/" + DemoSeeder.Slug);
        var handout = page.QuerySelector($"#{CourseworkEntry.AnchorFor(stored[0].Id)} a[href$='.pdf']")!;
        using var pdf = await other.CreateClient().GetAsync(handout.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Contains("Precept P03", page.QuerySelector("#staff")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_static_archive_holds_released_coursework_with_its_files_and_sections_and_nothing_unreleased()
    {
        var (client, courseId) = await PreparedAsync();
        using (var before = await ArchiveTests.DownloadZipAsync(client, courseId, "Static"))
        {
            var html = await ArchiveTests.ReadAsync(before, "index.html");
            Assert.DoesNotContain("Problem set 7", html, StringComparison.Ordinal);
            Assert.DoesNotContain(before.Entries, e => e.FullName.EndsWith("ps7.pdf", StringComparison.Ordinal));
            Assert.Contains("Midterm", html, StringComparison.Ordinal);
        }

        app.Clock.SetUtcNow(Release.AddMinutes(1));
        try
        {
            using var after = await ArchiveTests.DownloadZipAsync(client, courseId, "Static");
            var doc = await PortalApplication.ParseAsync(await ArchiveTests.ReadAsync(after, "index.html"));
            var item = doc.QuerySelectorAll("#coursework li, #coursework article, #coursework [id^='coursework-']")
                .First(e => e.TextContent.Contains("Problem set 7", StringComparison.Ordinal));
            var handout = item.QuerySelector("a[href$='.pdf']")!.GetAttribute("href")!;
            Assert.Contains(after.Entries, e => e.FullName == Uri.UnescapeDataString(handout));
            Assert.Contains("Precept P03", doc.QuerySelector("#staff")!.TextContent, StringComparison.Ordinal);
            var calendar = Ical.Net.Calendar.Load(await ArchiveTests.ReadAsync(after, "calendar.ics"))!;
            Assert.Equal(2, calendar.Events.Count(e => e.Uid!.StartsWith("coursework-", StringComparison.Ordinal)));
        }
        finally
        {
            app.Clock.SetUtcNow(PortalApplication.MidTerm);
        }
    }

    [Fact]
    public async Task An_export_of_format_1_without_coursework_still_imports()
    {
        var (client, courseId) = await PreparedAsync();
        var admin = await AdminAsync();
        using var export = await ArchiveTests.DownloadBytesAsync(client, courseId);
        var old = await ArchiveTests.EditExportAsync(export, d =>
        {
            d["formatVersion"] = 1;
            d.AsObject().Remove("coursework");
            d.AsObject().Remove("sections");
            foreach (var staff in d["staff"]!.AsArray())
            {
                staff!.AsObject().Remove("key");
            }

            foreach (var material in d["materials"]!.AsArray())
            {
                material!.AsObject().Remove("coursework");
            }
        });

        using var imported = await ArchiveTests.ImportAsync(app, admin, old, slug: "format-one-copy");

        Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        var id = await app.CourseIdAsync("format-one-copy");
        Assert.Equal(0, await app.WithDbAsync(db => db.CourseworkItems.CountAsync(i => i.CourseId == id)));
        Assert.True(await app.WithDbAsync(db => db.Materials.AnyAsync(m => m.CourseId == id && m.Title == "Problem set 7 handout")));
    }

    [Theory]
    [InlineData("material", "names a coursework item the export does not have")]
    [InlineData("both", "belongs to one of them at most")]
    [InlineData("lecture", "names a lecture the export does not have")]
    [InlineData("leader", "names a leader the export does not have")]
    [InlineData("duplicate", "names two of its coursework items “coursework-1”")]
    [InlineData("markdown", "the description of the coursework item “Problem set 7” cannot be imported")]
    [InlineData("end", "Midterm")]
    [InlineData("days", "Precept P03")]
    [InlineData("newer", "newer Course Portal")]
    public async Task An_import_with_broken_coursework_or_sections_is_refused_naming_what_and_keeps_nothing(string broken, string expected)
    {
        var (client, courseId) = await PreparedAsync();
        var admin = await AdminAsync();
        using var export = await ArchiveTests.DownloadBytesAsync(client, courseId);
        var edited = await ArchiveTests.EditExportAsync(export, d =>
        {
            var handout = d["materials"]!.AsArray().First(m => (string?)m!["coursework"] == "coursework-1")!;
            switch (broken)
            {
                case "material": handout["coursework"] = "coursework-9"; break;
                case "both": handout["lecture"] = "lecture-1"; break;
                case "lecture": d["coursework"]![0]!["lecture"] = "lecture-99"; break;
                case "leader": d["sections"]![0]!["leaders"]!.AsArray().Add("staff-9"); break;
                case "duplicate": d["coursework"]![1]!["key"] = "coursework-1"; break;
                case "markdown": d["coursework"]![0]!["description"] = "See ![](https://images.example.com/a.png)"; break;
                case "end": d["coursework"]![1]!["endTime"] = "14:00:00"; break;
                case "days": d["sections"]![0]!["days"] = "None"; break;
                case "newer": d["formatVersion"] = 3; break;
            }
        });
        var before = await app.WithDbAsync(async db => (await db.Courses.CountAsync(), await db.CourseworkItems.CountAsync(), await db.Sections.CountAsync(), await db.Materials.CountAsync()));

        using var refused = await ArchiveTests.ImportAsync(app, admin, edited, slug: $"broken-{broken}");

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains(expected, (await refused.ReadDocumentAsync()).FieldError("Archive"), StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync(async db => (await db.Courses.CountAsync(), await db.CourseworkItems.CountAsync(), await db.Sections.CountAsync(), await db.Materials.CountAsync())));
    }

    private async Task<HttpClient> AdminAsync()
    {
        var email = $"coursework.admin.{Guid.NewGuid():n}@example.edu";
        await app.CreateUserAsync(email, admin: true);
        return await app.SignInAsync(email);
    }

    /// <summary>
    /// The demo course with a problem set tied to lecture of Oct 6 and released later, its PDF handout, a midterm whose room
    /// changed after release, and a precept led by both staff members; an Instructor's client.
    /// </summary>
    private async Task<(HttpClient Client, int CourseId)> PreparedAsync()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        await app.WithDbAsync(async db =>
        {
            if (await db.CourseworkItems.AnyAsync(i => i.CourseId == courseId))
            {
                return;
            }

            var lecture = await db.Lectures.SingleAsync(l => l.CourseId == courseId && l.Date == new DateOnly(2025, 10, 6));
            var homework = new CourseworkItem
            {
                CourseId = courseId, Kind = CourseworkKinds.Assignment, Title = "Problem set 7", Date = new DateOnly(2025, 10, 6), Time = new TimeOnly(23, 59),
                LectureId = lecture.Id, ReleaseAt = Release, DescriptionMarkdown = "Prove **both** bounds.",
            };
            var exam = new CourseworkItem
            {
                CourseId = courseId, Kind = CourseworkKinds.Exam, Title = "Midterm", Date = new DateOnly(2025, 10, 22), Time = new TimeOnly(15, 0),
                EndTime = new TimeOnly(16, 30), Room = "Friend 101",
            };
            db.CourseworkItems.AddRange(homework, exam);
            var staff = await db.StaffMembers.Where(s => s.CourseId == courseId).ToListAsync();
            var precept = new Section { CourseId = courseId, Name = "Precept P03", Days = Weekdays.Tuesday, StartTime = new(19, 30), EndTime = new(20, 20), Room = "Friend 009", Note = "Bring a laptop" };
            precept.Leaders.AddRange(staff.Select(s => new SectionLeader { StaffMemberId = s.Id }));
            db.Sections.Add(precept);
            await db.SaveChangesAsync();
            exam.Reschedule(exam.Date, exam.Time, exam.EndTime, "McCosh 10", PortalApplication.MidTerm.UtcDateTime);

            var bytes = TestPdf.Create("Problem set 7 handout");
            using var scope = app.Services.CreateScope();
            var file = await scope.ServiceProvider.GetRequiredService<IFileStore>().SaveAsync(new MemoryStream(bytes), CancellationToken.None);
            db.Materials.Add(new Material
            {
                CourseId = courseId, CourseworkItemId = homework.Id, Title = "Problem set 7 handout", Kind = MaterialKind.File, FileName = "ps7.pdf",
                FileHash = file.Hash, FileSize = bytes.Length, ContentType = "application/pdf",
            });
            await db.SaveChangesAsync();
        });

        var email = $"coursework.exporter.{Guid.NewGuid():n}@example.edu";
        await app.CreateUserAsync(email, courseId: courseId, role: StaffRoles.Instructor);
        return (await app.SignInAsync(email), courseId);
    }
}
