using System.IO.Compression;
using System.Net;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Operations;

public sealed class BackupTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    [Fact]
    public async Task A_backup_downloaded_by_the_admin_restores_into_an_empty_data_directory_with_the_same_content()
    {
        await app.CreateUserAsync("backup.admin@example.edu", admin: true);
        var admin = await app.SignInAsync("backup.admin@example.edu");
        var zip = Path.Combine(Directory.CreateTempSubdirectory("portal-backup-").FullName, "backup.zip");
        using (var download = await admin.SubmitFormAsync("/Admin/Backup", new Dictionary<string, string?>()))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("application/zip", download.Content.Headers.ContentType!.MediaType);
            await File.WriteAllBytesAsync(zip, await download.Content.ReadAsByteArrayAsync());
        }

        Assert.Empty(Directory.GetFiles(Path.Combine(app.DataDirectory, "tmp")));
        var target = Directory.CreateTempSubdirectory("portal-restored-").FullName;
        try
        {
            var (exit, output, errors) = await PortalProcess.RunAsync(new Dictionary<string, string> { ["Portal__DataDirectory"] = target }, "restore", zip);
            Assert.True(exit == 0, errors);
            Assert.Contains("Restored the backup", output, StringComparison.Ordinal);

            using var restored = PortalApplication.OnDirectory(target);
            var slugApi = $"/api/courses/{DemoSeeder.Slug}";
            Assert.Equal(await app.CreateClient().GetStringAsync(slugApi), await restored.CreateClient().GetStringAsync(slugApi));
            Assert.Equal(await HashesAsync(app), await HashesAsync(restored));
            foreach (var hash in await HashesAsync(app))
            {
                Assert.Equal(
                    await File.ReadAllBytesAsync(Path.Combine(app.DataDirectory, "files", hash[..2], hash)),
                    await File.ReadAllBytesAsync(Path.Combine(target, "files", hash[..2], hash)));
            }

            await restored.SignInAsync("backup.admin@example.edu");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(target, recursive: true);
            Directory.Delete(Path.GetDirectoryName(zip)!, recursive: true);
        }
    }

    [Fact]
    public async Task A_damaged_or_foreign_archive_is_refused_and_changes_nothing()
    {
        _ = app.Services; // the fixture's portal has made its data directory
        var folder = Directory.CreateTempSubdirectory("portal-bad-backup-").FullName;
        var good = Path.Combine(folder, "good.zip");
        var (made, _, madeErrors) = await PortalProcess.RunAsync(new Dictionary<string, string> { ["Portal__DataDirectory"] = app.DataDirectory }, "backup", good);
        Assert.True(made == 0, madeErrors);

        var truncated = Path.Combine(folder, "truncated.zip");
        var bytes = await File.ReadAllBytesAsync(good);
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 2)]);

        var tampered = Path.Combine(folder, "tampered.zip");
        File.Copy(good, tampered);
        using (var zip = ZipFile.Open(tampered, ZipArchiveMode.Update))
        {
            var entry = zip.Entries.First(e => e.FullName.StartsWith("files/", StringComparison.Ordinal));
            var name = entry.FullName;
            entry.Delete();
            await using var replaced = zip.CreateEntry(name).Open();
            await replaced.WriteAsync(TestPdf.Create("not the original"));
        }

        var foreign = Path.Combine(folder, "foreign.zip");
        using (var zip = ZipFile.Open(foreign, ZipArchiveMode.Create))
        {
            await using var entry = zip.CreateEntry("readme.txt").Open();
            await entry.WriteAsync("hello"u8.ToArray());
        }

        try
        {
            foreach (var (archive, expected) in new[] { (truncated, "damaged"), (tampered, "does not match its checksum"), (foreign, "not a Course Portal backup") })
            {
                var target = Directory.CreateTempSubdirectory("portal-refused-").FullName;
                var (exit, _, errors) = await PortalProcess.RunAsync(new Dictionary<string, string> { ["Portal__DataDirectory"] = target }, "restore", archive);

                Assert.Equal(1, exit);
                Assert.Contains(expected, errors, StringComparison.Ordinal);
                Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
                Assert.Empty(Directory.EnumerateFileSystemEntries(target));
                Directory.Delete(target);
            }

            var (overExisting, _, overErrors) = await PortalProcess.RunAsync(new Dictionary<string, string> { ["Portal__DataDirectory"] = app.DataDirectory }, "restore", good);
            Assert.Equal(1, overExisting);
            Assert.Contains("already holds a portal", overErrors, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Task<List<string>> HashesAsync(PortalApplication portal) =>
        portal.WithDbAsync(db => db.Materials.Where(m => m.FileHash != null).Select(m => m.FileHash!).Distinct().OrderBy(h => h).ToListAsync());
}
