#if !SCALED
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CoursePortal.Data;
using CoursePortal.Demo;
using CoursePortal.Materials;
using CoursePortal.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CoursePortal.Tests.Operations;

/// <summary>
/// <c>move-up</c> as an operator runs it: a real process moves a single-box portal (SQLite + data directory)
/// into a new PostgreSQL database and S3 bucket, and a portal started on those serves what the old one did.
/// Once, in the default run: the source is SQLite whatever the run.
/// </summary>
public sealed class MoveUpTests(MoveUpTests.SourcePortal source) : IClassFixture<MoveUpTests.SourcePortal>
{
    [Fact]
    public async Task A_single_box_portal_moves_with_content_accounts_audit_and_files_and_a_second_move_into_it_is_refused()
    {
        using var target = new MovedPortalApplication();
        var sourceDatabase = await Sha256Async(Path.Combine(source.Directory, "portal.db"));

        var (exit, output, errors) = await PortalProcess.RunAsync(target.CommandEnvironment, "move-up", source.Directory);

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{errors}");
        Assert.Contains("Verified:", output, StringComparison.Ordinal);
        Assert.Contains("sign in again", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Password=", output + errors, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(S3TestServer.SecretKey, output + errors, StringComparison.Ordinal);
        Assert.Equal(sourceDatabase, await Sha256Async(Path.Combine(source.Directory, "portal.db")));

        // The same course, as the public sees it and as its JSON says.
        Assert.Equal(source.CourseJson, await target.CreateClient().GetStringAsync($"/api/courses/{DemoSeeder.Slug}"));
        var page = await target.GetDocumentAsync(target.CreateClient(), "/" + DemoSeeder.Slug);
        Assert.Equal(source.CoursePageText, page.QuerySelector("main")!.TextContent);

        // Rows as they were: the edited lecture's Version token, time and calendar sequence, the audit log.
        var lecture = await target.WithDbAsync(db => db.Lectures.AsNoTracking().SingleAsync(l => l.Id == source.LectureId));
        Assert.Equal("Moved along with everything", lecture.Topic);
        Assert.Equal(source.LectureVersion, lecture.Version);
        Assert.Equal(source.LectureSequence, lecture.Sequence);
        Assert.Equal(source.LectureUpdatedAt.Ticks / 10, lecture.UpdatedAt.Ticks / 10);
        var audit = await target.WithDbAsync(db => db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).Select(a => a.Summary).ToListAsync());
        Assert.Equal(source.AuditSummaries, audit);
        Assert.Contains(audit, s => s.Contains("Moved along with everything", StringComparison.Ordinal));

        // The account signs in with its old password and keeps its course; the invitation link still works.
        var staff = await target.SignInAsync(SourcePortal.StaffEmail, SourcePortal.StaffPassword);
        var invitation = await target.GetDocumentAsync(target.Browser(), source.InvitationLink);
        Assert.NotNull(invitation.QuerySelector("main form"));

        // The PDF downloads with the bytes of its second version; its first version is kept.
        Assert.Equal(source.SecondPdf, await target.CreateClient().GetByteArrayAsync(source.PdfUrl));
        Assert.Equal(2, await target.WithDbAsync(db => db.MaterialVersions.CountAsync(v => v.MaterialId == source.MaterialId)));
        var keys = await target.KeysAsync();
        Assert.Contains(FileKeys.RelativePath(source.FirstPdfHash), keys);

        // New rows get new ids: the identity sequences were moved past the copied ones.
        using (var edited = await staff.SubmitFormAsync($"/Staff/Courses/{source.CourseId}/Lectures/Edit/{source.LectureId}",
            new Dictionary<string, string?> { ["Input.Topic"] = "Edited after the move" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        }

        Assert.Equal(source.AuditSummaries.Count + 1, await target.WithDbAsync(db => db.AuditEntries.CountAsync()));

        // A second move into the now filled target is refused and changes nothing.
        var rowsBefore = await target.WithDbAsync(db => db.AuditEntries.CountAsync());
        var keysBefore = await target.KeysAsync();
        var again = await PortalProcess.RunAsync(target.CommandEnvironment, "move-up", source.Directory);
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("not empty", again.Errors, StringComparison.Ordinal);
        Assert.Equal(rowsBefore, await target.WithDbAsync(db => db.AuditEntries.CountAsync()));
        Assert.Equal(1, await target.WithDbAsync(db => db.Courses.CountAsync()));
        Assert.Equal(keysBefore.Order(), (await target.KeysAsync()).Order());
    }

    [Fact]
    public async Task A_stored_file_whose_bytes_no_longer_match_its_hash_fails_the_move_naming_it_and_leaves_the_target_empty()
    {
        var damaged = CopyOfSource("portal-move-damaged-");
        try
        {
            var broken = Path.Combine(damaged, FileKeys.RelativePath(source.FirstPdfHash));
            await File.WriteAllBytesAsync(broken, TestPdf.Create("not what was uploaded"));
            using var target = new MovedPortalApplication();

            var (exit, output, errors) = await PortalProcess.RunAsync(target.CommandEnvironment, "move-up", damaged);

            Assert.True(exit != 0, output);
            Assert.Contains(FileKeys.RelativePath(source.FirstPdfHash), errors, StringComparison.Ordinal);
            Assert.Contains("damaged", errors, StringComparison.Ordinal);
            Assert.DoesNotContain("Verified:", output, StringComparison.Ordinal);
            Assert.Empty(await target.KeysAsync());
            Assert.Equal(0L, await target.CountRowsAsync("Courses"));
            Assert.Equal(0L, await target.CountRowsAsync("AspNetUsers"));
        }
        finally
        {
            Directory.Delete(damaged, recursive: true);
        }
    }

    [Fact]
    public async Task A_directory_without_a_portal_is_refused()
    {
        var empty = Directory.CreateTempSubdirectory("portal-move-empty-").FullName;
        try
        {
            using var target = new MovedPortalApplication();
            var (exit, _, errors) = await PortalProcess.RunAsync(target.CommandEnvironment, "move-up", empty);
            Assert.Equal(1, exit);
            Assert.Contains("not a Course Portal data directory", errors, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public async Task A_course_address_in_capitals_from_before_the_lower_case_rule_moves_lower_cased_and_is_said()
    {
        var legacy = CopyOfSource("portal-move-legacy-");
        try
        {
            await using (var connection = new SqliteConnection($"Data Source={Path.Combine(legacy, "portal.db")};Pooling=False"))
            {
                await connection.OpenAsync();
                await using var update = connection.CreateCommand();
                update.CommandText = $"UPDATE Courses SET Slug = 'Legacy-COS597' WHERE Id = {source.CourseId}";
                Assert.Equal(1, await update.ExecuteNonQueryAsync());
            }

            using var target = new MovedPortalApplication();
            var (exit, output, errors) = await PortalProcess.RunAsync(target.CommandEnvironment, "move-up", legacy);

            Assert.True(exit == 0, $"exit {exit}\n{output}\n{errors}");
            Assert.Contains("“Legacy-COS597” moves as “legacy-cos597”", output, StringComparison.Ordinal);
            Assert.Equal("legacy-cos597", await target.WithDbAsync(db => db.Courses.Select(c => c.Slug).SingleAsync()));
            using var page = await target.CreateClient().GetAsync("/Legacy-COS597");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
        finally
        {
            Directory.Delete(legacy, recursive: true);
        }
    }

    /// <summary>A copy of the source's data directory, to change without touching the fixture.</summary>
    private string CopyOfSource(string prefix)
    {
        var copy = Directory.CreateTempSubdirectory(prefix).FullName;
        foreach (var file in Directory.EnumerateFiles(source.Directory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(source.Directory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return copy;
    }

    private static async Task<string> Sha256Async(string path) =>
        Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(File.OpenRead(path)));

    /// <summary>
    /// The old box: the demo course, a TA with a password who edited a lecture (audited), a PDF uploaded and
    /// then replaced, an invitation; the app is stopped before the tests, as an operator stops it to move.
    /// </summary>
    public sealed class SourcePortal : IAsyncLifetime
    {
        public const string StaffEmail = "moving.ta@example.edu";
        public const string StaffPassword = "old box password";

        public string Directory { get; } = Path.Combine(Path.GetTempPath(), "portal-tests", $"move-source-{Guid.NewGuid():n}");
        public int CourseId { get; private set; }
        public int LectureId { get; private set; }
        public Guid LectureVersion { get; private set; }
        public int LectureSequence { get; private set; }
        public DateTime LectureUpdatedAt { get; private set; }
        public int MaterialId { get; private set; }
        public string PdfUrl { get; private set; } = "";
        public byte[] SecondPdf { get; } = TestPdf.Create("second version, moved");
        public string FirstPdfHash { get; private set; } = "";
        public string InvitationLink { get; private set; } = "";
        public string CourseJson { get; private set; } = "";
        public string CoursePageText { get; private set; } = "";
        public List<string> AuditSummaries { get; private set; } = [];

        public async Task InitializeAsync()
        {
            TemplateData.CopyTo(Directory, seedDemo: true);
            using (var app = PortalApplication.OnDirectory(Directory))
            {
                CourseId = await app.CourseIdAsync(DemoSeeder.Slug);
                await app.CreateUserAsync(StaffEmail, StaffPassword, courseId: CourseId);
                var staff = await app.SignInAsync(StaffEmail, StaffPassword);
                LectureId = await app.WithDbAsync(db => db.Lectures.Where(l => l.CourseId == CourseId).OrderBy(l => l.Date).Select(l => l.Id).FirstAsync());
                using (var saved = await staff.SubmitFormAsync($"/Staff/Courses/{CourseId}/Lectures/Edit/{LectureId}",
                    new Dictionary<string, string?> { ["Input.Topic"] = "Moved along with everything" }))
                {
                    Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
                }

                var first = TestPdf.Create("first version, moved");
                FirstPdfHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(first));
                PdfUrl = await UploadAsync(app, staff, ("handout.pdf", first), "");
                MaterialId = int.Parse(PdfUrl.Split('/')[3], System.Globalization.CultureInfo.InvariantCulture);
                await UploadAsync(app, staff, ("handout-v2.pdf", SecondPdf), $"?replace={MaterialId}");

                await app.CreateUserAsync("moving.admin@example.edu", admin: true);
                var admin = await app.SignInAsync("moving.admin@example.edu");
                using (var invited = await admin.SubmitFormAsync("/Admin", new Dictionary<string, string?>
                {
                    ["Invite.Email"] = "invited.later@example.edu",
                    ["Invite.CourseId"] = $"{CourseId}",
                    ["Invite.Role"] = "TA",
                }, "form[action*='handler=Invite']"))
                {
                    Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
                }

                var shown = await app.GetDocumentAsync(admin, "/Admin");
                InvitationLink = new Uri(shown.QuerySelector(".new-link input")!.GetAttribute("value")!).PathAndQuery;

                var lecture = await app.WithDbAsync(db => db.Lectures.AsNoTracking().SingleAsync(l => l.Id == LectureId));
                (LectureVersion, LectureSequence, LectureUpdatedAt) = (lecture.Version, lecture.Sequence, lecture.UpdatedAt);
                Assert.True(LectureSequence > 0);
                AuditSummaries = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).Select(a => a.Summary).ToListAsync());
                CourseJson = await app.CreateClient().GetStringAsync($"/api/courses/{DemoSeeder.Slug}");
                CoursePageText = (await app.GetDocumentAsync(app.CreateClient(), "/" + DemoSeeder.Slug)).QuerySelector("main")!.TextContent;
            }

            // Stopped: its connections closed, so its file is at rest while the moves read it.
            SqliteConnection.ClearAllPools();
        }

        public Task DisposeAsync()
        {
            SqliteConnection.ClearAllPools();
            System.IO.Directory.Delete(Directory, recursive: true);
            return Task.CompletedTask;
        }

        /// <summary>Posts like the upload page's script (token in a header, JSON back); returns the file's address.</summary>
        private static async Task<string> UploadAsync(PortalApplication app, HttpClient client, (string Name, byte[] Bytes) file, string query)
        {
            var url = $"/Staff/Courses/{(await app.CourseIdAsync(DemoSeeder.Slug))}/Materials/Upload{query}";
            var page = await app.GetDocumentAsync(client, url);
            var token = page.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
            using var content = new MultipartFormDataContent();
            var body = new ByteArrayContent(file.Bytes);
            body.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            content.Add(body, "files", file.Name);
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
            request.Headers.Add("RequestVerificationToken", token);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await client.SendAsync(request);
            var json = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, json);
            using var parsed = JsonDocument.Parse(json);
            return parsed.RootElement.GetProperty("files")[0].GetProperty("url").GetString()!;
        }
    }

    /// <summary>The new setup: an empty PostgreSQL database and an empty bucket of its own, no demo; started only when a test asks.</summary>
    private sealed class MovedPortalApplication : S3PortalApplication
    {
        public MovedPortalApplication()
        {
            Database = TestDatabases.NameFor(DataDirectory);
            TestDatabases.EnsureExists(Database);
        }

        public string Database { get; }

        protected override bool SeedDemo => false;

        protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [
            .. base.Settings,
            new("Portal:Database:Provider", "PostgreSQL"),
            new("ConnectionStrings:Portal", TestDatabases.ConnectionString(Database)),
        ];

        /// <summary>The same settings as environment variables, for the command.</summary>
        public Dictionary<string, string> CommandEnvironment => Settings
            .Append(new("Portal:DataDirectory", DataDirectory))
            .ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);

        /// <summary>Rows in a table, read without starting the portal (which would migrate and seed).</summary>
        public async Task<long> CountRowsAsync(string table)
        {
            await using var connection = new NpgsqlConnection(TestDatabases.ConnectionString(Database));
            await connection.OpenAsync();
            await using var exists = new NpgsqlCommand("SELECT to_regclass(@name) IS NOT NULL", connection);
            exists.Parameters.AddWithValue("name", $"\"{table}\"");
            if (!(bool)(await exists.ExecuteScalarAsync())!)
            {
                return 0;
            }

            await using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\"", connection);
            return (long)(await count.ExecuteScalarAsync())!;
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing)
            {
                NpgsqlConnection.ClearAllPools();
                TestDatabases.Drop(Database);
            }
        }
    }
}
#endif
