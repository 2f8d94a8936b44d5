using AngleSharp;
using AngleSharp.Dom;
using CoursePortal.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoursePortal.Tests.Infrastructure;

/// <summary>
/// The portal on a test server, with its own data directory and SQLite file, and a clock the
/// test sets. One instance per test class (IClassFixture), so classes never share data.
/// </summary>
public class PortalApplication : WebApplicationFactory<Program>
{
    /// <summary>Mid-term for the demo course: Wednesday Sept 10 2025, 12:00 in New York.</summary>
    public static readonly DateTimeOffset MidTerm = new(2025, 9, 10, 16, 0, 0, TimeSpan.Zero);

    public PortalApplication()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(DataDirectory);
    }

    public string DataDirectory { get; }

    public TestClock Clock { get; } = new(MidTerm);

    /// <summary>Whether the demo course is loaded at start (the default, as in production).</summary>
    protected virtual bool SeedDemo => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Portal:DataDirectory", DataDirectory);
        builder.UseSetting("Portal:SeedDemo", SeedDemo ? "true" : "false");
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    /// <summary>Runs <paramref name="work"/> against the app's database, in its own scope.</summary>
    public async Task<T> WithDbAsync<T>(Func<PortalDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    public Task WithDbAsync(Func<PortalDbContext, Task> work) =>
        WithDbAsync(async db => { await work(db); return true; });

    /// <summary>GETs a page, checks it is HTML, and parses it.</summary>
    public async Task<IDocument> GetDocumentAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url} gave {(int)response.StatusCode}: {html[..Math.Min(html.Length, 500)]}");
        return await ParseAsync(html);
    }

    public static Task<IDocument> ParseAsync(string html) =>
        BrowsingContext.New(Configuration.Default).OpenAsync(req => req.Content(html));

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a finishing request; the OS temp folder is cleaned anyway.
            }
        }
    }
}

/// <summary>The portal with the demo turned off (<c>Portal:SeedDemo=false</c>).</summary>
public sealed class EmptyPortalApplication : PortalApplication
{
    protected override bool SeedDemo => false;
}
