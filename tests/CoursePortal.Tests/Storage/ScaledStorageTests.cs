#if SCALED
using CoursePortal.Demo;
using CoursePortal.Materials;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Tests.Storage;

/// <summary>Scaled only: every test app keeps its files in the run's bucket, under a prefix of its own (Infrastructure/TestStorage.cs).</summary>
public sealed class ScaledStorageTests
{
    [Fact]
    public async Task Each_app_starts_with_the_demo_pdfs_under_its_own_prefix_sees_only_its_own_files_and_removes_them_when_disposed()
    {
        var a = new PortalApplication();
        using var b = new PortalApplication();
        var prefix = TestStorage.Prefix(a.DatabaseName);
        var demo = (await a.WithDbAsync(db => db.Materials.Where(m => m.FileHash != null).Select(m => m.FileHash!).Distinct().ToListAsync()))
            .Order(StringComparer.Ordinal).ToList();
        try
        {
            Assert.NotEmpty(demo);
            Assert.Equal(demo, await a.StoredHashesAsync());
            var keys = await S3TestServer.KeysAsync(TestStorage.Bucket);
            Assert.All(demo, hash => Assert.Contains($"{prefix}{FileKeys.RelativePath(hash)}", keys));
            Assert.False(Directory.Exists(Path.Combine(a.DataDirectory, "files")), "files were kept in the data directory");

            // The template's "stored at" time came along: by the app's clock the demo files are old, not from the future.
            var files = a.Services.GetRequiredService<IFileStore>();
            var info = await files.GetInfoAsync(demo[0], CancellationToken.None);
            Assert.NotNull(info);
            Assert.True(info.LastStored <= a.Clock.GetUtcNow(), $"stored at {info.LastStored:O}");

            var lecture = await a.WithDbAsync(db => db.Materials.SingleAsync(m => m.FileName == "lecture-01.pdf"));
            using var download = await a.CreateClient().GetAsync($"/{DemoSeeder.Slug}/materials/{lecture.Id}/lecture-01.pdf");
            Assert.True(download.IsSuccessStatusCode, $"{(int)download.StatusCode}");
            Assert.Equal(lecture.FileSize, (await download.Content.ReadAsByteArrayAsync()).Length);

            var own = (await FileStoreExtensions.SaveAsync(files, new MemoryStream(TestPdf.Create($"only in a {Guid.NewGuid()}")), CancellationToken.None)).Hash;
            Assert.Contains(own, await a.StoredHashesAsync());
            Assert.DoesNotContain(own, await b.StoredHashesAsync());
            Assert.Equal(demo, await b.StoredHashesAsync());
        }
        finally
        {
            a.Dispose();
        }

        var left = await S3TestServer.KeysAsync(TestStorage.Bucket);
        Assert.DoesNotContain(left, key => key.StartsWith(prefix, StringComparison.Ordinal));
        Assert.Contains($"{TestStorage.Prefix(b.DatabaseName)}{FileKeys.RelativePath(demo[0])}", left);
    }
}
#endif
