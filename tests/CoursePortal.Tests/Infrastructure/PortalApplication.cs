using AngleSharp;
using AngleSharp.Dom;
using CoursePortal.Accounts;
using CoursePortal.Data;
using CoursePortal.Hosting;
using CoursePortal.Materials;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace CoursePortal.Tests.Infrastructure;

/// <summary>
/// The portal on a test server, with its own data directory and SQLite file (Scaled: its own PostgreSQL
/// database and bucket prefix, see ScaledSettings), and a clock the test sets. One instance per test class
/// (IClassFixture), so classes never share data. A new data directory starts as a copy of one migrated and
/// seeded once per test run (<see cref="TemplateData"/>).
/// </summary>
public class PortalApplication : WebApplicationFactory<Program>
{
    /// <summary>Mid-term for the demo course: Wednesday Sept 10 2025, 12:00 in New York.</summary>
    public static readonly DateTimeOffset MidTerm = new(2025, 9, 10, 16, 0, 0, TimeSpan.Zero);

    public PortalApplication()
        : this(Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("n")))
    {
    }

    /// <summary>A portal on a data directory the caller made (and cleans up), to test restarts.</summary>
    public static PortalApplication OnDirectory(string dataDirectory) =>
        Directory.Exists(dataDirectory) ? new PortalApplication(dataDirectory) : throw new DirectoryNotFoundException(dataDirectory);

    protected PortalApplication(string dataDirectory)
    {
        DataDirectory = dataDirectory;
        OwnsDataDirectory = !Directory.Exists(dataDirectory);
        Directory.CreateDirectory(DataDirectory);
        // Time never runs backwards outside tests; when a test turns the clock back, cached pages from "later" must go.
        Clock.Changed += () => Services.GetRequiredService<Microsoft.AspNetCore.OutputCaching.IOutputCacheStore>()
            .EvictByTagAsync(CoursePortal.Caching.PublicCache.AllTag, CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Whether disposing deletes the data directory (it was made for this app).</summary>
    private protected bool OwnsDataDirectory { get; init; }

    public string DataDirectory { get; }

#if SCALED
    /// <summary>A portal on a data directory the caller made and a database the caller made (and both clean up), e.g. one of several instances.</summary>
    protected PortalApplication(string dataDirectory, string databaseName)
        : this(dataDirectory)
    {
        databaseOverride = databaseName;
    }

    private readonly string? databaseOverride;

    /// <summary>The app's PostgreSQL database, named for its data directory unless the caller named one.</summary>
    public string DatabaseName => databaseOverride ?? TestDatabases.NameFor(DataDirectory);
#endif

    /// <summary>Lets a test add a command interceptor (or other options) to the database of whichever provider runs.</summary>
    public static void ConfigureDatabase(IServiceCollection services, Action<Microsoft.EntityFrameworkCore.DbContextOptionsBuilder> configure)
    {
        services.ConfigureDbContext<SqlitePortalDbContext>(configure);
        services.ConfigureDbContext<PostgresPortalDbContext>(configure);
    }

    public TestClock Clock { get; } = new(MidTerm);

    public LogCapture Logs { get; } = new();

    /// <summary>Extra settings for subclasses, as "Section:Key" → value.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> Settings => [];

    /// <summary>Whether the demo course is loaded at start (the default, as in production).</summary>
    protected virtual bool SeedDemo => true;

    /// <summary>Whether a new data directory starts as a copy of the run's migrated template (false only to make the template).</summary>
    private protected bool StartFromTemplate { get; init; } = true;

    /// <summary>Set once the data directory (and, Scaled, the database) is prepared.</summary>
    private int prepared;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Once per directory: a factory derived with WithWebHostBuilder configures the same one again.
        if (Interlocked.Exchange(ref prepared, 1) == 0)
        {
            if (OwnsDataDirectory && StartFromTemplate)
            {
                TemplateData.CopyTo(DataDirectory, SeedDemo);
            }
#if SCALED
            else
            {
                TestDatabases.EnsureExists(DatabaseName);
            }
#endif
        }

        var own = Settings.ToList();
#if SCALED
        foreach (var (key, value) in ScaledSettings(own))
        {
            builder.UseSetting(key, value);
        }
#endif
        builder.UseSetting("Portal:DataDirectory", DataDirectory);
        builder.UseSetting("Portal:SeedDemo", SeedDemo ? "true" : "false");
        // Tests sign in far more often than people do; the rate-limit test sets its own limits.
        builder.UseSetting("Portal:RateLimits:SignInPerMinute", "100000");
        foreach (var (key, value) in own)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<ILoggerProvider>(Logs);
        });
    }

#if SCALED
    /// <summary>
    /// The one place where a Scaled app differs from the default one: the services of a university set-up, each
    /// with a share of its own. Settings of a subclass come after these and win; one that names its own storage
    /// (<see cref="S3PortalApplication"/>, a missing bucket) keeps that storage whole.
    /// </summary>
    private IEnumerable<KeyValuePair<string, string>> ScaledSettings(IReadOnlyCollection<KeyValuePair<string, string>> own)
    {
        // PostgreSQL: a database per data directory (TestDatabases.cs).
        yield return new("Portal:Database:Provider", "PostgreSQL");
        yield return new("ConnectionStrings:Portal", TestDatabases.ConnectionString(DatabaseName));

        // S3: a prefix per database in the run's bucket (TestStorage.cs).
        if (!own.Any(setting => setting.Key.StartsWith("Portal:Storage:", StringComparison.Ordinal)))
        {
            foreach (var setting in TestStorage.Settings(DatabaseName))
            {
                yield return setting;
            }
        }

        // Redis: a key prefix per database, so an app restarted on its data directory finds its key ring again.
        if (!own.Any(setting => setting.Key.StartsWith("Portal:Redis", StringComparison.Ordinal)))
        {
            yield return new("Portal:Redis", TestRedis.ConnectionString);
            yield return new("Portal:RedisPrefix", RedisPrefix);
        }
    }

    private string RedisPrefix => $"portal-test:{DatabaseName}:";
#endif

    /// <summary>
    /// The hashes of every file the app's store keeps, sorted: what "stored once" or "leaves nothing" compares,
    /// on whichever store runs (the data directory's files/ folder or a bucket).
    /// </summary>
    public async Task<List<string>> StoredHashesAsync()
    {
        var hashes = new List<string>();
        await foreach (var hash in Services.GetRequiredService<IFileStore>().ListHashesAsync(CancellationToken.None))
        {
            hashes.Add(hash);
        }

        hashes.Sort(StringComparer.Ordinal);
        return hashes;
    }

    /// <summary>Uploads still being received or left unfinished: staged in {data}/tmp on this machine, whatever the store.</summary>
    public List<string> TemporaryUploads()
    {
        var temp = Services.GetRequiredService<PortalPaths>().TempDirectory;
        return Directory.Exists(temp) ? Directory.EnumerateFiles(temp).Order(StringComparer.Ordinal).ToList() : [];
    }

    /// <summary>Runs <paramref name="work"/> against the app's database, in its own scope.</summary>
    public async Task<T> WithDbAsync<T>(Func<PortalDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    public Task WithDbAsync(Func<PortalDbContext, Task> work) =>
        WithDbAsync(async db => { await work(db); return true; });

    /// <summary>A browser-like client that keeps cookies but shows redirects instead of following them.</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = ClientOptions.BaseAddress });

    /// <summary>Creates an account, optionally admin and/or assigned to a course; returns its id.</summary>
    public async Task<string> CreateUserAsync(string email, string password = DefaultPassword, bool admin = false, int? courseId = null, string role = StaffRoles.TeachingAssistant)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email.Split('@')[0] };
        var result = await users.CreateAsync(user, password);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        if (admin)
        {
            await users.AddToRoleAsync(user, StaffRoles.Admin);
        }

        if (courseId is { } id)
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            db.CourseAssignments.Add(new CourseAssignment { CourseId = id, UserId = user.Id, Role = role });
            await db.SaveChangesAsync();
        }

        return user.Id;
    }

    public const string DefaultPassword = "correct horse battery";

    /// <summary>Signs in through the real password form (shown by ?password=true also when passwords are off); returns the client holding the cookie.</summary>
    public async Task<HttpClient> SignInAsync(string email, string password = DefaultPassword)
    {
        var client = Browser();
        using var response = await client.SubmitFormAsync("/Account/Login?password=true", new Dictionary<string, string?>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }, "#password-sign-in");
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Redirect,
            $"Sign-in of {email} gave {(int)response.StatusCode}: {(await response.ReadDocumentAsync()).QuerySelector(".form-errors")?.TextContent.Trim()}");
        return client;
    }

    /// <summary>The id of a course by slug.</summary>
    public Task<int> CourseIdAsync(string slug) =>
        WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Courses.Where(c => c.Slug == slug).Select(c => c.Id)));

    /// <summary>GETs a page, checks it is HTML, and parses it.</summary>
    public async Task<IDocument> GetDocumentAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url} gave {(int)response.StatusCode}: {html[..Math.Min(html.Length, 500)]}");
        return await ParseAsync(html);
    }

    /// <summary>Makes the term (as an admin does under Admin → Terms) unless it exists; forms choose terms from the list.</summary>
    public Task EnsureTermAsync(string name, DateOnly start, DateOnly end) => WithDbAsync(async db =>
    {
        if (!await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Terms, t => t.Name == name))
        {
            db.Terms.Add(new Term { Name = name, StartDate = start, EndDate = end });
            await db.SaveChangesAsync();
        }
    });

    public static Task<IDocument> ParseAsync(string html) =>
        BrowsingContext.New(Configuration.Default).OpenAsync(req => req.Content(html));

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && OwnsDataDirectory)
        {
#if SCALED
            TestDatabases.Drop(DatabaseName);
            TestStorage.Delete(DatabaseName);
            TestRedis.DeleteKeys(RedisPrefix);
#endif
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
