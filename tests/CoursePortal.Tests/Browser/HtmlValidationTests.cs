using System.Diagnostics;
using System.Text.Json;
using CoursePortal.Tests.Infrastructure;

namespace CoursePortal.Tests.Browser;

/// <summary>Every public and staff page passes the Nu HTML Checker (vnu.jar) with no error.</summary>
public sealed class HtmlValidationTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    [SkippableFact]
    public async Task Every_page_is_valid_html()
    {
        var vnu = QualityTools.Require(QualityTools.VnuJar, "vnu-jar");
        var java = QualityTools.Require(QualityTools.Java, "Java");
        await app.CreateUserAsync("validator@example.edu", admin: true);
        var admin = await app.SignInAsync("validator@example.edu");
        var folder = Directory.CreateTempSubdirectory("portal-html-").FullName;
        try
        {
            var pages = new Dictionary<string, string>();
            var urls = (await PageInventory.PublicAsync(app)).Select(u => (Url: u, Client: app.Browser()))
                .Concat((await PageInventory.StaffAsync(app)).Select(u => (Url: u, Client: admin)));
            foreach (var (url, client) in urls)
            {
                using var response = await client.GetAsync(url);
                var file = Path.Combine(folder, $"page-{pages.Count:000}.html");
                await File.WriteAllTextAsync(file, await response.Content.ReadAsStringAsync());
                pages[Path.GetFileName(file)] = url;
            }

            var info = new ProcessStartInfo(java) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in new[] { "-jar", vnu, "--errors-only", "--format", "json" }.Concat(pages.Keys.Select(k => Path.Combine(folder, k))))
            {
                info.ArgumentList.Add(arg);
            }

            using var process = Process.Start(info)!;
            var report = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();

            using var json = JsonDocument.Parse(report);
            var errors = json.RootElement.GetProperty("messages").EnumerateArray()
                .Select(m => $"{pages.GetValueOrDefault(Path.GetFileName(m.GetProperty("url").GetString()!), "?")} line {(m.TryGetProperty("lastLine", out var line) ? line.GetInt32() : 0)}: {m.GetProperty("message").GetString()}")
                .ToList();
            Assert.True(pages.Count > 20, $"only {pages.Count} pages checked");
            Assert.True(errors.Count == 0, $"{errors.Count} HTML errors:\n" + string.Join("\n", errors));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
