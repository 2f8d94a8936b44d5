#if SCALED
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Npgsql;

namespace CoursePortal.Tests.Instances;

/// <summary>
/// Two real portal processes on loopback, as behind a proxy: one fresh PostgreSQL database, one Redis
/// prefix, one bucket. Both are started at the same moment on the empty database.
/// </summary>
public sealed class TwoProcesses : IAsyncLifetime
{
    public const string AdminEmail = "processes.admin@example.edu";
    public const string AdminPassword = "two processes, one portal";

    /// <summary>Sign-in attempts per minute per address, counted across both (the tests all come from loopback).</summary>
    public const int SignInLimit = 6;

    private readonly string data = Directory.CreateTempSubdirectory("portal-processes-").FullName;

    public string Database { get; } = $"portal_test_{Guid.NewGuid():n}";

    public string Bucket { get; private set; } = "";

    public string RedisPrefix { get; private set; } = "";

    public PortalProcess A { get; private set; } = null!;

    public PortalProcess B { get; private set; } = null!;

    public Uri UrlA { get; } = new($"http://127.0.0.1:{PortalProcess.FreePort()}");

    public Uri UrlB { get; } = new($"http://127.0.0.1:{PortalProcess.FreePort()}");

    public string ConnectionString => TestDatabases.ConnectionString(Database);

    public async Task InitializeAsync()
    {
        TestDatabases.EnsureExists(Database);
        Bucket = await S3TestServer.CreateBucketAsync();
        var prefix = TestRedis.NewPrefix();
        RedisPrefix = prefix;
        Dictionary<string, string> Environment(string name, Uri url) => new()
        {
            ["ASPNETCORE_URLS"] = url.ToString(),
            ["Portal__DataDirectory"] = Path.Combine(data, name),
            ["Portal__Database__Provider"] = "PostgreSQL",
            ["ConnectionStrings__Portal"] = ConnectionString,
            ["Portal__Redis"] = TestRedis.ConnectionString,
            ["Portal__RedisPrefix"] = prefix,
            ["Portal__Storage__Provider"] = "S3",
            ["Portal__Storage__S3__ServiceUrl"] = S3TestServer.ServiceUrl,
            ["Portal__Storage__S3__Bucket"] = Bucket,
            ["Portal__Storage__S3__ForcePathStyle"] = "true",
            ["Portal__Storage__S3__AccessKey"] = S3TestServer.AccessKey,
            ["Portal__Storage__S3__SecretKey"] = S3TestServer.SecretKey,
            ["Portal__Admin__Email"] = AdminEmail,
            ["Portal__Admin__Password"] = AdminPassword,
            ["Portal__RateLimits__SignInPerMinute"] = SignInLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        // Both at once on the empty database: the start-up lock, not timing, decides who migrates and seeds.
        A = PortalProcess.Start(Environment("a", UrlA));
        B = PortalProcess.Start(Environment("b", UrlB));
        await Task.WhenAll(A.WaitUntilAnsweringAsync(new Uri(UrlA, "/readyz").ToString()), B.WaitUntilAnsweringAsync(new Uri(UrlB, "/readyz").ToString()));
    }

    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        TestDatabases.Drop(Database);
        TestRedis.DeleteKeys(RedisPrefix);
        await S3TestServer.DeleteBucketAsync(Bucket);
        Directory.Delete(data, recursive: true);
    }

    /// <summary>One browser's cookies, sent to whichever instance answers.</summary>
    public (HttpClient OnA, HttpClient OnB) Browser()
    {
        var cookies = new CookieContainer();
        return (Client(UrlA, cookies), Client(UrlB, cookies));
    }

    private static HttpClient Client(Uri url, CookieContainer cookies) =>
        new(new CookieContainerHandler(cookies) { InnerHandler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false } })
        {
            BaseAddress = url,
            Timeout = TimeSpan.FromSeconds(30),
        };

    public async Task<T> QueryAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>What issue 14 asks of several instances, shown with real processes. The tests run in the order written.</summary>
[TestCaseOrderer("CoursePortal.Tests.Infrastructure.WrittenOrder", "CoursePortal.Tests.Scaled")]
public sealed class PortalProcessesTests(TwoProcesses portal) : IClassFixture<TwoProcesses>
{
    private const string Course = "/" + DemoSeeder.Slug;

    [Fact]
    public async Task T1_two_instances_started_at_once_both_come_up_on_one_schema_with_one_demo_course_and_one_admin()
    {
        // The demo once: the seed course and, when today is in another term, its copy into that term; never twice over.
        Assert.Equal(1L, await portal.QueryAsync<long>($"""SELECT count(*) FROM "Courses" WHERE "Slug" = '{DemoSeeder.Slug}' """));
        Assert.InRange(await portal.QueryAsync<long>("""SELECT count(*) FROM "Courses" """), 1L, 2L);
        Assert.Equal(0L, await portal.QueryAsync<long>("""SELECT count(*) FROM (SELECT "Code", "TermName" FROM "Courses" GROUP BY 1, 2 HAVING count(*) > 1) twice"""));
        Assert.Equal(1L, await portal.QueryAsync<long>("""SELECT count(*) FROM "AspNetUsers" """));
        var applied = await portal.QueryAsync<long>("""SELECT count(*) FROM "__EFMigrationsHistory" """);
        var distinct = await portal.QueryAsync<long>("""SELECT count(DISTINCT "MigrationId") FROM "__EFMigrationsHistory" """);
        Assert.Equal(distinct, applied);
        Assert.DoesNotContain("[ERR]", portal.A.Output + portal.B.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task T2_a_sign_in_on_A_works_on_B_and_an_edit_saved_on_A_is_on_B_next_public_response()
    {
        var (onA, onB) = portal.Browser();
        using (onA)
        using (onB)
        {
            await SignInAsync(onA);
            var courseId = await portal.QueryAsync<int>("""SELECT "Id" FROM "Courses" """);
            using (var staffOnB = await onB.GetAsync($"/Staff/Courses/{courseId}/Info"))
            {
                Assert.Equal(HttpStatusCode.OK, staffOnB.StatusCode);
            }

            // B caches each public format first.
            string[] urls = [Course, $"/api/courses/{DemoSeeder.Slug}", $"{Course}/calendar.ics", $"{Course}/feed.atom"];
            foreach (var url in urls)
            {
                Assert.DoesNotContain("Moved across instances", await onB.GetStringAsync(url), StringComparison.Ordinal);
            }

            // The form comes from B, is posted to A: the antiforgery token crosses too.
            var lectureId = await portal.QueryAsync<int>("""SELECT min("Id") FROM "Lectures" WHERE "Status" = 0 """);
            var form = await PortalApplication.ParseAsync(await onB.GetStringAsync($"/Staff/Courses/{courseId}/Lectures/Edit/{lectureId}"));
            using (var saved = await onA.SubmitFormAsync(form, $"/Staff/Courses/{courseId}/Lectures/Edit/{lectureId}",
                new Dictionary<string, string?> { ["Input.Topic"] = "Moved across instances" }, "main form[method='post']:not([action*='handler='])"))
            {
                Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            }

            foreach (var url in urls)
            {
                Assert.Contains("Moved across instances", await onB.GetStringAsync(url), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task T3_a_material_uploaded_on_A_downloads_on_B_with_the_same_bytes_and_a_working_range()
    {
        var (onA, onB) = portal.Browser();
        using (onA)
        using (onB)
        {
            await SignInAsync(onA);
            var courseId = await portal.QueryAsync<int>("""SELECT "Id" FROM "Courses" """);
            var pdf = TestPdf.Create("uploaded on A, read on B");
            var url = await UploadAsync(onA, courseId, pdf, "Across instances", visibleFrom: null);

            Assert.Equal(pdf, await onB.GetByteArrayAsync(url));
            using var ranged = new HttpRequestMessage(HttpMethod.Get, url);
            ranged.Headers.Range = new RangeHeaderValue(10, 59);
            using var part = await onB.SendAsync(ranged);
            Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
            Assert.Equal(pdf[10..60], await part.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task T4_a_release_time_passing_is_seen_on_both()
    {
        var (onA, onB) = portal.Browser();
        using (onA)
        using (onB)
        {
            await SignInAsync(onA);
            var courseId = await portal.QueryAsync<int>("""SELECT "Id" FROM "Courses" """);
            using var anonymousA = new HttpClient { BaseAddress = portal.UrlA };
            using var anonymousB = new HttpClient { BaseAddress = portal.UrlB };
            // Released a few seconds from now (real processes keep real time); both cache the page before it.
            // Whole seconds: the form's field carries no fraction.
            var soon = DateTimeOffset.UtcNow.AddSeconds(4);
            var release = soon.AddTicks(-(soon.Ticks % TimeSpan.TicksPerSecond));
            var url = await UploadAsync(onA, courseId, TestPdf.Create("released later"), "Released later", release);
            Assert.DoesNotContain("Released later", await anonymousA.GetStringAsync(Course), StringComparison.Ordinal);
            Assert.DoesNotContain("Released later", await anonymousB.GetStringAsync(Course), StringComparison.Ordinal);
            using (var early = await anonymousB.GetAsync(url))
            {
                Assert.Equal(HttpStatusCode.NotFound, early.StatusCode);
            }

            string? pageA = null, pageB = null;
            Assert.True(await PollAsync(async () =>
            {
                pageA = await anonymousA.GetStringAsync(Course);
                pageB = await anonymousB.GetStringAsync(Course);
                return pageA.Contains("Released later", StringComparison.Ordinal) && pageB.Contains("Released later", StringComparison.Ordinal);
            }, TimeSpan.FromSeconds(30)), "The released material never appeared on both instances.");
            Assert.True(DateTimeOffset.UtcNow >= release);
            using var released = await anonymousB.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        }
    }

    [Fact]
    public async Task T5_the_sign_in_rate_limit_counts_attempts_made_on_both()
    {
        // A client address of its own (loopback is a trusted proxy), so earlier sign-ins do not count and its window starts now.
        var address = $"198.51.100.{Random.Shared.Next(1, 255)}";
        using var onA = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = portal.UrlA };
        using var onB = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = portal.UrlB };
        foreach (var client in new[] { onA, onB })
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        }

        // Alternating: counted per instance, the first 429 would come after 2 × the limit; counted together, right after it.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 2 * TwoProcesses.SignInLimit + 2 && !statuses.Contains(HttpStatusCode.TooManyRequests); i++)
        {
            using var attempt = await (i % 2 == 0 ? onA : onB).SubmitFormAsync("/Account/Login", new Dictionary<string, string?>
            {
                ["Input.Email"] = "nobody@example.edu",
                ["Input.Password"] = "not the password at all",
            });
            statuses.Add(attempt.StatusCode);
        }

        Assert.Equal(TwoProcesses.SignInLimit + 1, statuses.Count);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.All(statuses[..^1], s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Fact]
    public async Task T6_killing_A_mid_traffic_leaves_B_answering()
    {
        using var onB = new HttpClient { BaseAddress = portal.UrlB };
        using var onA = new HttpClient { BaseAddress = portal.UrlA };
        using var stop = new CancellationTokenSource();
        var failures = 0;
        var served = 0;
        var traffic = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await onB.GetAsync(Course + $"?q=traffic-{served}");
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref served);
                }
                else
                {
                    Interlocked.Increment(ref failures);
                }

                try
                {
                    using var _ = await onA.GetAsync(Course);
                }
                catch (HttpRequestException)
                {
                    // A is gone: expected.
                }
            }
        });

        Assert.True(await Eventually.TrueAsync(() => served > 20));
        await portal.A.DisposeAsync(); // kill, not a graceful stop
        var atKill = served;
        Assert.True(await Eventually.TrueAsync(() => served > atKill + 50), "B stopped answering after A was killed.");
        await stop.CancelAsync();
        await traffic;
        Assert.Equal(0, failures);
        using var ready = await onB.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    private static async Task SignInAsync(HttpClient client)
    {
        using var response = await client.SubmitFormAsync("/Account/Login", new Dictionary<string, string?>
        {
            ["Input.Email"] = TwoProcesses.AdminEmail,
            ["Input.Password"] = TwoProcesses.AdminPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>Uploads through the upload page's script interface; returns the public URL of the file.</summary>
    private static async Task<string> UploadAsync(HttpClient client, int courseId, byte[] pdf, string title, DateTimeOffset? visibleFrom)
    {
        var page = $"/Staff/Courses/{courseId}/Materials/Upload";
        var form = await PortalApplication.ParseAsync(await client.GetStringAsync(page));
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent { { new StringContent(title), "Title" } };
        if (visibleFrom is { } from)
        {
            // The form's field is local time in the course's zone (New York), to the minute or second.
            var local = TimeZoneInfo.ConvertTime(from, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
            content.Add(new StringContent(local.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)), "VisibleFrom");
        }

        var file = new ByteArrayContent(pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        content.Add(file, "files", "across.pdf");
        using var request = new HttpRequestMessage(HttpMethod.Post, page) { Content = content };
        request.Headers.Add("RequestVerificationToken", token);
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("files")[0].GetProperty("url").GetString()!;
    }

    private static async Task<bool> PollAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return await condition();
    }
}
#endif
