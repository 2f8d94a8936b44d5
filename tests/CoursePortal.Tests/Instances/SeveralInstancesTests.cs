using System.Net;
using CoursePortal.Data;
using CoursePortal.Demo;
using CoursePortal.Hosting;
using CoursePortal.Tests.Infrastructure;
using Medallion.Threading;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Tests.Instances;

/// <summary>Two instances of one portal: one data directory (one SQLite file), one Redis prefix.</summary>
public class TwoInstances : IDisposable
{
    public TwoInstances()
    {
        A = RedisPortalApplication.First(Settings);
        B = RedisPortalApplication.JoinOf(A);
    }

    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    public RedisPortalApplication A { get; }

    /// <summary>Without the eviction listener: only the marks in Redis keep its cache current.</summary>
    public RedisPortalApplication B { get; }

    public void Dispose()
    {
        B.Dispose();
        A.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// What one instance does is what the other serves: sign-ins, form tokens, edits and the passing of time.
/// (The lead's process-level tests run the same over real processes, PostgreSQL and S3.)
/// </summary>
public sealed class SeveralInstancesTests(TwoInstances instances) : IClassFixture<TwoInstances>
{
    private const string CourseUrl = "/" + DemoSeeder.Slug;

    /// <summary>The page's edit form, not one of its delete buttons.</summary>
    private const string Edit = "main form[method='post']:not([action*='handler='])";

    private RedisPortalApplication A => instances.A;

    private RedisPortalApplication B => instances.B;

    public static TheoryData<string> CachedUrls => new()
    {
        CourseUrl, "/api/courses/" + DemoSeeder.Slug, CourseUrl + "/calendar.ics", CourseUrl + "/feed.atom",
    };

    [Fact]
    public async Task A_sign_in_and_a_form_token_made_on_one_instance_are_valid_on_the_other()
    {
        var courseId = await A.CourseIdAsync(DemoSeeder.Slug);
        await A.CreateUserAsync("two.instances@example.edu", courseId: courseId, role: CoursePortal.Accounts.StaffRoles.Instructor);
        // One browser: the same cookies go to whichever instance the proxy picks.
        var cookies = new CookieContainer();
        using var onA = A.CreateDefaultClient(new CookieContainerHandler(cookies));
        using var onB = B.CreateDefaultClient(new CookieContainerHandler(cookies));

        using (var signedIn = await onA.SubmitFormAsync("/Account/Login", new Dictionary<string, string?>
        {
            ["Input.Email"] = "two.instances@example.edu",
            ["Input.Password"] = PortalApplication.DefaultPassword,
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        var info = $"/Staff/Courses/{courseId}/Info";
        using (var onBPage = await onB.GetAsync(info))
        {
            Assert.Equal(HttpStatusCode.OK, onBPage.StatusCode);
        }

        // The form (and its antiforgery token) from A, posted to B.
        var form = await A.GetDocumentAsync(onA, info);
        var marker = $"Prerequisites {Guid.NewGuid():n}"[..24];
        using (var saved = await onB.SubmitFormAsync(form, info, new Dictionary<string, string?> { ["Input.PrerequisitesMarkdown"] = marker }, Edit))
        {
            Assert.True(saved.StatusCode == HttpStatusCode.Redirect, $"POST on B of A's form gave {(int)saved.StatusCode}");
        }

        Assert.Contains(marker, await A.CreateClient().GetStringAsync(CourseUrl), StringComparison.Ordinal);

        // The key ring is in Redis, not in the (here shared) data directory where one instance alone keeps it.
        Assert.True(await TestRedis.Connection.GetDatabase().KeyExistsAsync(A.Prefix + "data-protection-keys"));
        var keys = Path.Combine(A.DataDirectory, "keys");
        Assert.False(Directory.Exists(keys) && Directory.EnumerateFiles(keys).Any(), "data-protection keys were written to the data directory");
    }

    [Theory]
    [MemberData(nameof(CachedUrls))]
    public async Task An_edit_saved_on_one_instance_is_on_the_other_instances_next_response(string url)
    {
        var marker = $"Two{Guid.NewGuid():n}"[..16];
        var before = await B.CreateClient().GetStringAsync(url);
        _ = await A.CreateClient().GetStringAsync(url);

        // Behind the portal's back: both instances keep serving their cached copies.
        await A.WithDbAsync(db => db.Courses.Where(c => c.Slug == DemoSeeder.Slug).ExecuteUpdateAsync(s => s.SetProperty(c => c.Title, marker)));
        Assert.Equal(before, await B.CreateClient().GetStringAsync(url));

        // A save through A: B's very next response shows it (B hears no published eviction, see TwoInstances).
        await SaveOnAsync(A, c => c.Location = c.Location == "Friend Center 008" ? "Friend Center 006" : "Friend Center 008");
        Assert.Contains(marker, await B.CreateClient().GetStringAsync(url), StringComparison.Ordinal);
        Assert.Contains(marker, await A.CreateClient().GetStringAsync(url), StringComparison.Ordinal);

        await SaveOnAsync(A, c =>
        {
            c.Title = "Theory of Deep Learning";
            c.Location = "Friend Center 008";
        });
        Assert.DoesNotContain(marker, await B.CreateClient().GetStringAsync(url), StringComparison.Ordinal);
    }

    // The output-cache middleware shares one store lookup among concurrent requests for a key; a request arriving
    // just after a save must not be handed the verdict of a lookup that began before it (see SharedCacheStore).
    [Fact]
    public async Task Readers_on_one_instance_racing_saves_on_the_other_end_on_the_last_save()
    {
        var url = "/" + DemoSeeder.Slug;
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var client = B.CreateClient();
            var reads = 0;
            while (!stop.IsCancellationRequested && reads++ < 400)
            {
                using var response = await client.GetAsync(url);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        })).ToList();

        var last = "";
        for (var i = 0; i < 20; i++)
        {
            last = $"Race {i} {Guid.NewGuid():n}"[..24];
            var title = last;
            await SaveOnAsync(A, c => c.Title = title);
            // Each save is on B's next response, while B's other readers share its reads of the marks.
            var got = await B.CreateClient().GetStringAsync(url);
            Assert.True(got.Contains(title, StringComparison.Ordinal), $"wanted {title}, got {System.Text.RegularExpressions.Regex.Match(got, "<title>[^<]*").Value}");
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Assert.Contains(last, await B.CreateClient().GetStringAsync(url), StringComparison.Ordinal);
        await SaveOnAsync(A, c => c.Title = "Theory of Deep Learning");
    }

    [Fact]
    public async Task Readiness_checks_Redis_and_locks_hold_across_instances()
    {
        using var ready = await B.CreateClient().GetAsync("/readyz");
        var report = System.Text.Json.JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Healthy", report.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());

        var onA = A.Services.GetRequiredService<IDistributedLockProvider>();
        var onB = B.Services.GetRequiredService<IDistributedLockProvider>();
        await using (var held = await onA.TryAcquireLockAsync("stored-file-1"))
        {
            Assert.NotNull(held);
            await using var second = await onB.TryAcquireLockAsync("stored-file-1");
            Assert.Null(second);
        }

        await using var after = await onB.TryAcquireLockAsync("stored-file-1");
        Assert.NotNull(after);
        Assert.Contains(TestRedis.Keys(A.Prefix), k => k.StartsWith(A.Prefix + "lock:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_Redis_that_lost_the_marks_lets_no_old_page_through()
    {
        var url = "/" + DemoSeeder.Slug;
        var marker = $"Lost{Guid.NewGuid():n}"[..16];
        var before = await B.CreateClient().GetStringAsync(url);
        await A.WithDbAsync(db => db.Courses.Where(c => c.Slug == DemoSeeder.Slug).ExecuteUpdateAsync(s => s.SetProperty(c => c.Title, marker)));
        Assert.Equal(before, await B.CreateClient().GetStringAsync(url));

        // Redis restarted without persistence (or was flushed): the marks are gone, then A saves.
        await TestRedis.Connection.GetDatabase().KeyDeleteAsync(A.Prefix + "cache:generations");
        await SaveOnAsync(A, c => c.Location = c.Location == "Friend Center 008" ? "Friend Center 006" : "Friend Center 008");
        Assert.Contains(marker, await B.CreateClient().GetStringAsync(url), StringComparison.Ordinal);

        await SaveOnAsync(A, c =>
        {
            c.Title = "Theory of Deep Learning";
            c.Location = "Friend Center 008";
        });
    }

    [Fact]
    public async Task A_release_time_passing_shows_on_both_instances()
    {
        var releaseAt = PortalApplication.MidTerm.UtcDateTime.AddHours(5);
        var title = $"Released {Guid.NewGuid():n}"[..20];
        await A.WithDbAsync(async db =>
        {
            var course = await db.Courses.SingleAsync(c => c.Slug == DemoSeeder.Slug);
            db.Materials.Add(new Material { CourseId = course.Id, Title = title, Kind = MaterialKind.Link, Url = "https://example.edu/r", VisibleFrom = releaseAt });
            await db.SaveChangesAsync();
        });

        foreach (var app in new[] { A, B, A, B })
        {
            Assert.DoesNotContain(title, await app.CreateClient().GetStringAsync(CourseUrl), StringComparison.Ordinal);
        }

        // Time moves on for both (quietly: SetUtcNow drops caches). B asks first, so B's own record of the instant must act.
        A.Clock.AdvanceQuietly(releaseAt.AddSeconds(1) - A.Clock.Now.UtcDateTime);
        B.Clock.AdvanceQuietly(releaseAt.AddSeconds(1) - B.Clock.Now.UtcDateTime);
        try
        {
            Assert.Contains(title, await B.CreateClient().GetStringAsync(CourseUrl), StringComparison.Ordinal);
            Assert.Contains(title, await A.CreateClient().GetStringAsync(CourseUrl), StringComparison.Ordinal);
        }
        finally
        {
            A.Clock.SetUtcNow(PortalApplication.MidTerm);
            B.Clock.SetUtcNow(PortalApplication.MidTerm);
        }
    }

    [Theory]
    [MemberData(nameof(CachedUrls))]
    public async Task A_render_on_one_instance_that_read_before_a_save_on_the_other_is_never_served_after_it(string url)
    {
        var gate = new HeldSet();
        using var heldB = B.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            var store = services.Last(d => d.ServiceType == typeof(IOutputCacheStore));
            services.Remove(store);
            services.AddSingleton<IOutputCacheStore>(sp => new HeldStore((IOutputCacheStore)store.ImplementationFactory!(sp), gate));
        }));
        var before = $"Before {Guid.NewGuid():n}"[..20];
        await SaveOnAsync(A, c => c.Title = before);

        // B renders from the database, then waits before storing; meanwhile A saves.
        gate.Arm();
        var stale = heldB.CreateClient().GetStringAsync(url);
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        var after = $"After {Guid.NewGuid():n}"[..20];
        await SaveOnAsync(A, c => c.Title = after);
        gate.Release();
        Assert.Contains(before, await stale, StringComparison.Ordinal);

        Assert.Contains(after, await heldB.CreateClient().GetStringAsync(url), StringComparison.Ordinal);
        Assert.Contains(after, await heldB.CreateClient().GetStringAsync(url), StringComparison.Ordinal);
        await SaveOnAsync(A, c => c.Title = "Theory of Deep Learning");
    }

    private static Task SaveOnAsync(PortalApplication app, Action<Course> change) => app.WithDbAsync(async db =>
    {
        change(await db.Courses.SingleAsync(c => c.Slug == DemoSeeder.Slug));
        await db.SaveChangesAsync();
    });
}

/// <summary>The instance's store, except that one armed store waits, rendered and not yet stored, until released.</summary>
internal sealed class HeldStore(IOutputCacheStore inner, HeldSet gate) : IOutputCacheStore
{
    public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken) => inner.EvictByTagAsync(tag, cancellationToken);

    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        await gate.PassAsync();
        await inner.SetAsync(key, value, tags, validFor, cancellationToken);
    }
}

internal sealed class HeldSet
{
    private TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int armed;

    public Task Reached => reached.Task;

    public void Arm()
    {
        reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref armed, 1);
    }

    public void Release() => release.TrySetResult();

    public async Task PassAsync()
    {
        if (Interlocked.Exchange(ref armed, 0) == 1)
        {
            reached.TrySetResult();
            await release.Task;
        }
    }
}

/// <summary>Two instances allowing three sign-in attempts a minute per address.</summary>
public sealed class TwoInstancesWithSignInLimit : TwoInstances
{
    protected override IReadOnlyDictionary<string, string>? Settings => new Dictionary<string, string> { ["Portal:RateLimits:SignInPerMinute"] = "3" };
}

public sealed class SeveralInstancesRateLimitTests(TwoInstancesWithSignInLimit instances) : IClassFixture<TwoInstancesWithSignInLimit>
{
    [Fact]
    public async Task Sign_in_attempts_count_across_instances()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            var app = i % 2 == 0 ? instances.A : instances.B;
            using var response = await app.Browser().SubmitFormAsync("/Account/Login", new Dictionary<string, string?>
            {
                ["Input.Email"] = $"guess{i}@example.edu",
                ["Input.Password"] = "guessing password",
            });
            statuses.Add(response.StatusCode);
            if (i == 3)
            {
                Assert.NotNull(response.Headers.RetryAfter?.Delta);
                Assert.InRange(response.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        using var form = await instances.A.Browser().GetAsync("/Account/Login");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
    }
}

/// <summary>The default: <c>Portal:Redis</c> empty (a prefix set, to see that nothing lands under it).</summary>
public sealed class NoRedisApplication : PortalApplication
{
    public string Prefix { get; } = TestRedis.NewPrefix();

    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Portal:RedisPrefix", Prefix)];
}

public sealed class SingleInstanceTests(NoRedisApplication app) : IClassFixture<NoRedisApplication>
{
    [Fact]
    public async Task With_Portal_Redis_empty_nothing_touches_Redis()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        await app.CreateUserAsync("single.instance@example.edu", courseId: courseId, role: CoursePortal.Accounts.StaffRoles.Instructor);
        var staff = await app.SignInAsync("single.instance@example.edu");
        using (var saved = await staff.SubmitFormAsync($"/Staff/Courses/{courseId}/Info", new Dictionary<string, string?> { ["Input.PrerequisitesMarkdown"] = "Alone" }, "main form[method='post']:not([action*='handler='])"))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        Assert.Contains("Alone", await app.CreateClient().GetStringAsync("/" + DemoSeeder.Slug), StringComparison.Ordinal);
        Assert.Null(app.Services.GetService<PortalRedis>());
        Assert.Null(app.Services.GetService<StackExchange.Redis.IConnectionMultiplexer>());
        Assert.IsType<CoursePortal.Caching.FreshOnlyStore>(app.Services.GetRequiredService<Microsoft.AspNetCore.OutputCaching.IOutputCacheStore>());
        Assert.IsType<CoursePortal.Caching.CacheGenerations>(app.Services.GetRequiredService<CoursePortal.Caching.ICacheGenerations>());
        Assert.Empty(TestRedis.Keys(app.Prefix));
        using var ready = await app.CreateClient().GetAsync("/readyz");
        Assert.DoesNotContain("redis", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

public sealed class RedisStartTests
{
    [Fact]
    public async Task A_Redis_that_does_not_answer_stops_the_start_with_a_message_and_no_password()
    {
        var data = Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("n"));
        try
        {
            var (exit, output, errors) = await PortalProcess.RunAsync(new Dictionary<string, string>
            {
                ["Portal__DataDirectory"] = data,
                ["Portal__Redis"] = $"127.0.0.1:{PortalProcess.FreePort()},password=hunter2-secret,connectTimeout=500",
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{PortalProcess.FreePort()}",
            });
            Assert.Equal(4, exit);
            Assert.Contains("Redis at 127.0.0.1:", errors, StringComparison.Ordinal);
            Assert.Contains("did not answer", errors, StringComparison.Ordinal);
            Assert.DoesNotContain("hunter2", output + errors, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output + errors, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }
}
