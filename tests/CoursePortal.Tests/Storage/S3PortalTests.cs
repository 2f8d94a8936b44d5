using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CoursePortal.Backups;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Tests.Storage;

/// <summary>The portal with its files in a bucket: uploads, downloads with every HTTP feature, refusals, health, backups.</summary>
public sealed class S3PortalTests(S3PortalApplication app) : IClassFixture<S3PortalApplication>
{
    [Fact]
    public async Task An_uploaded_pdf_is_kept_in_the_bucket_and_served_with_etag_ranges_and_its_headers()
    {
        var (client, courseId) = await StaffAsync();
        var pdf = TestPdf.Create($"S3 notes {Guid.NewGuid()}");

        var url = await UploadOkAsync(client, courseId, "s3-notes.pdf", pdf);

        var hash = await app.WithDbAsync(db => db.Materials.Where(m => m.FileName == "s3-notes.pdf").Select(m => m.FileHash!).SingleAsync());
        Assert.Contains($"files/{hash[..2]}/{hash}", await app.KeysAsync());
        Assert.False(Directory.Exists(Path.Combine(app.DataDirectory, "files")) && Directory.EnumerateFiles(Path.Combine(app.DataDirectory, "files"), "*", SearchOption.AllDirectories).Any(),
            "a file was kept in the data directory too");

        var anonymous = app.CreateClient();
        using var whole = await anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(pdf, await whole.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", whole.Content.Headers.ContentType?.MediaType);
        Assert.Equal("inline", whole.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("s3-notes.pdf", whole.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal($"\"{hash}\"", whole.Headers.ETag?.Tag);
        Assert.NotNull(whole.Content.Headers.LastModified);
        Assert.Equal("bytes", whole.Headers.AcceptRanges.Single());

        using (var conditional = new HttpRequestMessage(HttpMethod.Get, url))
        {
            conditional.Headers.IfNoneMatch.Add(whole.Headers.ETag!);
            using var notModified = await anonymous.SendAsync(conditional);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        }

        using (var ranged = new HttpRequestMessage(HttpMethod.Get, url))
        {
            ranged.Headers.Range = new RangeHeaderValue(100, 199);
            using var partial = await anonymous.SendAsync(ranged);
            Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
            Assert.Equal(pdf[100..200], await partial.Content.ReadAsByteArrayAsync());
            Assert.Equal($"bytes 100-199/{pdf.Length}", partial.Content.Headers.ContentRange?.ToString());
        }

        using (var suffix = new HttpRequestMessage(HttpMethod.Get, url))
        {
            suffix.Headers.Range = new RangeHeaderValue(null, 30);
            using var tail = await anonymous.SendAsync(suffix);
            Assert.Equal(HttpStatusCode.PartialContent, tail.StatusCode);
            Assert.Equal(pdf[^30..], await tail.Content.ReadAsByteArrayAsync());
        }

        using (var beyond = new HttpRequestMessage(HttpMethod.Get, url))
        {
            beyond.Headers.Range = new RangeHeaderValue(pdf.Length + 10, pdf.Length + 20);
            using var unsatisfiable = await anonymous.SendAsync(beyond);
            Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, unsatisfiable.StatusCode);
            Assert.Equal($"bytes */{pdf.Length}", unsatisfiable.Content.Headers.ContentRange?.ToString());
        }
    }

    [Fact]
    public async Task Staff_download_an_earlier_version_from_the_bucket_as_an_attachment()
    {
        var (client, courseId) = await StaffAsync();
        var pdf = TestPdf.Create($"version {Guid.NewGuid()}");
        var url = await UploadOkAsync(client, courseId, "version.pdf", pdf);
        var id = int.Parse(url.Split('/')[3], System.Globalization.CultureInfo.InvariantCulture);
        var versionId = await app.WithDbAsync(db => db.MaterialVersions.Where(v => v.MaterialId == id).Select(v => v.Id).SingleAsync());

        using var response = await client.GetAsync($"/Staff/Courses/{courseId}/Materials/Edit/{id}?versionId={versionId}&handler=Version");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(pdf, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("version.pdf", response.Content.Headers.ContentDisposition?.FileName);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_course_export_reads_its_files_from_the_bucket_and_an_import_stores_them_there()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        using var export = new MemoryStream();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CoursePortal.Archive.CourseExport>().WriteAsync(courseId, export, CancellationToken.None);
        }

        var hashes = await app.WithDbAsync(db => db.Materials.Where(m => m.CourseId == courseId && m.FileHash != null).Select(m => m.FileHash!).Distinct().ToListAsync());
        export.Position = 0;
        using (var zip = new System.IO.Compression.ZipArchive(export, System.IO.Compression.ZipArchiveMode.Read, leaveOpen: true))
        {
            foreach (var hash in hashes)
            {
                var entry = zip.GetEntry($"files/{hash}");
                Assert.NotNull(entry);
                await using var content = await entry.OpenAsync();
                Assert.Equal(hash, Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(content)));
            }
        }

        export.Position = 0;
        var slug = $"copy-{Guid.NewGuid():n}"[..20];
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CoursePortal.Archive.CourseExport>().ImportAsync(export, slug, CancellationToken.None);
        }

        var copied = await app.WithDbAsync(db => db.Materials.Where(m => m.Course!.Slug == slug && m.FileHash != null).Select(m => m.FileHash!).Distinct().ToListAsync());
        Assert.Equal(hashes.Order(StringComparer.Ordinal), copied.Order(StringComparer.Ordinal));
        var keys = await app.KeysAsync();
        Assert.All(copied, h => Assert.Single(keys, k => k == $"files/{h[..2]}/{h}"));
    }

    [Fact]
    public async Task A_range_request_asks_the_bucket_for_that_range_only_and_a_304_for_no_bytes()
    {
        var (client, courseId) = await StaffAsync();
        var pdf = TestPdf.Create($"ranged {Guid.NewGuid()}");
        var url = await UploadOkAsync(client, courseId, "ranged.pdf", pdf);
        var hash = await app.WithDbAsync(db => db.Materials.Where(m => m.FileName == "ranged.pdf").Select(m => m.FileHash!).SingleAsync());
        var gets = $"GET /{app.Bucket}/files/{hash[..2]}/{hash}";
        var anonymous = app.CreateClient();

        app.StoreRequests.Clear();
        using (var ranged = new HttpRequestMessage(HttpMethod.Get, url))
        {
            ranged.Headers.Range = new RangeHeaderValue(10, 59);
            using var partial = await anonymous.SendAsync(ranged);
            Assert.Equal(pdf[10..60], await partial.Content.ReadAsByteArrayAsync());
        }

        Assert.Equal([$"{gets} bytes=10-59"], app.StoreRequests.Where(r => r.StartsWith(gets, StringComparison.Ordinal)));

        app.StoreRequests.Clear();
        using (var conditional = new HttpRequestMessage(HttpMethod.Get, url))
        {
            conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{hash}\""));
            using var notModified = await anonymous.SendAsync(conditional);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        }

        Assert.DoesNotContain(app.StoreRequests, r => r.StartsWith(gets, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_demo_course_was_seeded_through_the_bucket()
    {
        var hashes = await app.WithDbAsync(db => db.Materials.Where(m => m.FileHash != null && m.Course!.Slug == DemoSeeder.Slug).Select(m => m.FileHash!).ToListAsync());
        var keys = await app.KeysAsync();

        Assert.NotEmpty(hashes);
        Assert.All(hashes, h => Assert.Contains($"files/{h[..2]}/{h}", keys));
    }

    public static TheoryData<string> Refusals => ["not a pdf", "too large", "cut off"];

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_upload_leaves_nothing_in_the_bucket_or_on_disk(string refusal)
    {
        var (client, courseId) = await StaffAsync();
        var keysBefore = await app.KeysAsync();
        var rowsBefore = await app.WithDbAsync(db => db.Materials.CountAsync());

        using var response = refusal switch
        {
            "not a pdf" => await UploadAsync(client, courseId, "fake.pdf", Encoding.UTF8.GetBytes("<html>not a pdf</html>")),
            "too large" => await UploadAsync(client, courseId, "big.pdf", Padded(TestPdf.Create("large"), S3PortalApplication.UploadLimit + 1)),
            _ => await UploadCutOffAsync(client, courseId),
        };

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{refusal}: {(int)response.StatusCode}");
        Assert.Equal(keysBefore, await app.KeysAsync());
        Assert.Equal(rowsBefore, await app.WithDbAsync(db => db.Materials.CountAsync()));
        Assert.Empty(app.TemporaryUploads());
    }

    [Fact]
    public async Task The_sweep_deletes_unused_files_from_the_bucket_after_their_grace_period_and_keeps_used_ones()
    {
        string unused;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var files = scope.ServiceProvider.GetRequiredService<CoursePortal.Materials.IFileStore>();
            unused = (await CoursePortal.Materials.FileStoreExtensions.SaveAsync(files, new MemoryStream(TestPdf.Create($"orphan {Guid.NewGuid()}")), CancellationToken.None)).Hash;
        }

        var used = await app.WithDbAsync(db => db.Materials.Where(m => m.FileHash != null).Select(m => m.FileHash!).Distinct().ToListAsync());
        await SweepAsync();
        Assert.Contains($"files/{unused[..2]}/{unused}", await app.KeysAsync());

        app.Clock.AdvanceQuietly(CoursePortal.Materials.StoredFileCleanup.Grace + TimeSpan.FromMinutes(1));
        try
        {
            await SweepAsync();
        }
        finally
        {
            app.Clock.SetUtcNow(PortalApplication.MidTerm);
        }

        var keys = await app.KeysAsync();
        Assert.DoesNotContain($"files/{unused[..2]}/{unused}", keys);
        Assert.All(used, h => Assert.Contains($"files/{h[..2]}/{h}", keys));
    }

    private async Task SweepAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CoursePortal.Materials.StoredFileCleanup>().SweepUnusedAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Readyz_reports_the_bucket_as_storage()
    {
        using var ready = await app.CreateClient().GetAsync("/readyz");

        var body = await ready.Content.ReadAsStringAsync();
        Assert.True(ready.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        var checks = json.RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("storage").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("data-directory").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Backup_and_restore_say_they_are_for_the_embedded_setup()
    {
        var archive = app.Services.GetRequiredService<BackupArchive>();
        var target = Path.Combine(app.DataDirectory, "backup.zip");

        var backup = await Assert.ThrowsAsync<BackupException>(() => archive.CreateAsync(target, CancellationToken.None));
        var restore = await Assert.ThrowsAsync<BackupException>(() => archive.RestoreAsync(target, replace: false, CancellationToken.None));

        Assert.Contains("embedded setup", backup.Message, StringComparison.Ordinal);
        Assert.Contains("pg_dump", restore.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task The_admin_backup_page_says_what_to_use_instead_and_its_form_downloads_nothing()
    {
        var email = $"s3-admin-{Guid.NewGuid():n}@example.edu";
        await app.CreateUserAsync(email, admin: true);
        var admin = await app.SignInAsync(email);

        var page = await app.GetDocumentAsync(admin, "/Admin/Backup");
        Assert.Contains("pg_dump", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("main form[method=post]"));

        // A form opened before the portal moved to the scaled setup: the page again, no archive, no error.
        var token = (await app.GetDocumentAsync(admin, "/Admin")).QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");
        using var posted = await admin.PostAsync("/Admin/Backup", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token ?? "" }));
        Assert.Equal(System.Net.HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal("text/html", posted.Content.Headers.ContentType?.MediaType);
    }

    private async Task<(HttpClient Client, int CourseId)> StaffAsync()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        var email = $"s3-{Guid.NewGuid():n}@example.edu";
        await app.CreateUserAsync(email, courseId: courseId);
        return (await app.SignInAsync(email), courseId);
    }

    internal static async Task<string> UploadOkAsync(PortalApplication app, HttpClient client, int courseId, string name, byte[] pdf, bool isDraft = false, string? visibleFrom = null)
    {
        var fields = new Dictionary<string, string>();
        if (isDraft)
        {
            fields["IsDraft"] = "true";
        }

        if (visibleFrom is not null)
        {
            fields["VisibleFrom"] = visibleFrom;
        }

        using var response = await PostUploadAsync(app, client, courseId, name, pdf, fields);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"upload gave {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("files")[0].GetProperty("url").GetString()!;
    }

    private Task<string> UploadOkAsync(HttpClient client, int courseId, string name, byte[] pdf) => UploadOkAsync(app, client, courseId, name, pdf);

    private Task<HttpResponseMessage> UploadAsync(HttpClient client, int courseId, string name, byte[] bytes) => PostUploadAsync(app, client, courseId, name, bytes, []);

    /// <summary>Posts like the page's script: the token in a header, JSON back, one file.</summary>
    private static async Task<HttpResponseMessage> PostUploadAsync(PortalApplication app, HttpClient client, int courseId, string name, byte[] bytes, Dictionary<string, string> fields)
    {
        var url = $"/Staff/Courses/{courseId}/Materials/Upload";
        var page = await app.GetDocumentAsync(client, url);
        var token = page.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        var content = new MultipartFormDataContent();
        foreach (var (key, value) in fields)
        {
            content.Add(new StringContent(value), key);
        }

        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        content.Add(file, "files", name);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Add("RequestVerificationToken", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await client.SendAsync(request);
    }

    /// <summary>A good PDF whose request ends before its closing boundary, as when the connection drops.</summary>
    private async Task<HttpResponseMessage> UploadCutOffAsync(HttpClient client, int courseId)
    {
        var url = $"/Staff/Courses/{courseId}/Materials/Upload";
        var page = await app.GetDocumentAsync(client, url);
        var token = page.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        const string boundary = "----s3-cut-off";
        var head = Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"cut.pdf\"\r\nContent-Type: application/pdf\r\n\r\n");
        var content = new ByteArrayContent([.. head, .. TestPdf.Create("cut off")]);
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={boundary}");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Add("RequestVerificationToken", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await client.SendAsync(request);
    }

    /// <summary>A real PDF grown past <paramref name="length"/> with a trailing comment, so only its size is wrong.</summary>
    private static byte[] Padded(byte[] pdf, int length) => [.. pdf, .. Encoding.ASCII.GetBytes("\n%" + new string('x', Math.Max(0, length - pdf.Length)) + "\n")];
}

/// <summary>Downloads as redirects to signed addresses in the bucket.</summary>
public sealed class S3RedirectTests(S3RedirectPortalApplication app) : IClassFixture<S3RedirectPortalApplication>
{
    [Fact]
    public async Task A_download_redirects_to_a_signed_address_that_serves_the_same_bytes_type_and_name()
    {
        var (client, courseId) = await StaffAsync();
        var pdf = TestPdf.Create($"redirected {Guid.NewGuid()}");
        var url = await S3PortalTests.UploadOkAsync(app, client, courseId, "redirected.pdf", pdf);

        using var response = await app.Browser().GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(S3TestServer.ServiceUrl, location.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("X-Amz-Signature=", location.Query, StringComparison.Ordinal);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);

        using var direct = new HttpClient();
        using var fetched = await direct.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal(pdf, await fetched.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", fetched.Content.Headers.ContentType?.MediaType);
        Assert.Equal("inline", fetched.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("redirected.pdf", fetched.Content.Headers.ContentDisposition?.FileName);
    }

    [Fact]
    public async Task A_material_released_later_answers_404_and_never_redirects_before_its_release()
    {
        var (client, courseId) = await StaffAsync();
        var pdf = TestPdf.Create($"later {Guid.NewGuid()}");
        var release = app.Clock.Now.AddDays(2);
        var url = await S3PortalTests.UploadOkAsync(app, client, courseId, "later.pdf", pdf);
        var id = await app.WithDbAsync(db => db.Materials.Where(m => m.FileName == "later.pdf").Select(m => m.Id).SingleAsync());
        await app.WithDbAsync(async db =>
        {
            var material = await db.Materials.SingleAsync(m => m.Id == id);
            material.VisibleFrom = release.UtcDateTime;
            await db.SaveChangesAsync();
        });

        using (var early = await app.Browser().GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.NotFound, early.StatusCode);
            Assert.Null(early.Headers.Location);
        }

        app.Clock.SetUtcNow(release.AddMinutes(1));
        try
        {
            using var released = await app.Browser().GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, released.StatusCode);
        }
        finally
        {
            app.Clock.SetUtcNow(PortalApplication.MidTerm);
        }
    }

    private async Task<(HttpClient Client, int CourseId)> StaffAsync()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        var email = $"s3r-{Guid.NewGuid():n}@example.edu";
        await app.CreateUserAsync(email, courseId: courseId);
        return (await app.SignInAsync(email), courseId);
    }
}
