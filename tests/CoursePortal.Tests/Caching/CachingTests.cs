using System.Net;
using CoursePortal.Accounts;
using CoursePortal.Data;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Caching;

/// <summary>
/// Public responses come from the output cache (a change made behind the portal's back does not show),
/// yet the next request after any edit through the portal shows it, and a release time passing shows by itself.
/// </summary>
public sealed class CachingTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    private const string CourseUrl = "/" + DemoSeeder.Slug;

    /// <summary>The page's edit form, not one of its delete buttons.</summary>
    private const string Edit = "main form[method='post']:not([action*='handler='])";

    public static TheoryData<string> CachedUrls => new()
    {
        CourseUrl, CourseUrl + "/schedule", "/", "/api/courses", "/api/courses/" + DemoSeeder.Slug, CourseUrl + "/calendar.ics", CourseUrl + "/feed.atom",
    };

    [Theory]
    [MemberData(nameof(CachedUrls))]
    public async Task Public_responses_are_served_from_the_cache_and_a_portal_edit_evicts_them(string url)
    {
        var marker = $"Cache{Guid.NewGuid():n}"[..16];
        var before = await app.CreateClient().GetStringAsync(url);

        // Behind the portal's back (no save through it): the cached copy still shows the old title.
        await app.WithDbAsync(db => db.Courses.Where(c => c.Slug == DemoSeeder.Slug).ExecuteUpdateAsync(s => s.SetProperty(c => c.Title, marker)));
        var cached = await app.CreateClient().GetStringAsync(url);
        Assert.Equal(before, cached);

        // An edit through the portal (any save) evicts: now the page shows the current data.
        await app.WithDbAsync(async db =>
        {
            var course = await db.Courses.SingleAsync(c => c.Slug == DemoSeeder.Slug);
            course.Location = course.Location == "Friend Center 008" ? "Friend Center 006" : "Friend Center 008";
            await db.SaveChangesAsync();
        });
        Assert.Contains(marker, await app.CreateClient().GetStringAsync(url), StringComparison.Ordinal);

        await app.WithDbAsync(async db =>
        {
            var course = await db.Courses.SingleAsync(c => c.Slug == DemoSeeder.Slug);
            course.Title = "Theory of Deep Learning";
            course.Location = "Friend Center 008";
            await db.SaveChangesAsync();
        });
    }

    [Fact]
    public async Task Every_kind_of_staff_edit_shows_on_the_next_public_request()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        // An Instructor, who may make every kind of edit.
        await app.CreateUserAsync("cache.editor@example.edu", courseId: courseId, role: StaffRoles.Instructor);
        var staff = await app.SignInAsync("cache.editor@example.edu");
        var lectureId = await app.WithDbAsync(db => db.Lectures.Where(l => l.Date == new DateOnly(2025, 10, 8)).Select(l => l.Id).SingleAsync());
        var staffId = await app.WithDbAsync(db => db.StaffMembers.Where(s => s.Name == "Gon Buzaglo").Select(s => s.Id).SingleAsync());
        var edits = new (string Page, Dictionary<string, string?> Fields, string Expect, string Form)[]
        {
            ($"/Staff/Courses/{courseId}/Lectures/Edit/{lectureId}", new() { ["Input.Topic"] = "Convolutions, cached?" }, "Convolutions, cached?", Edit),
            ($"/Staff/Courses/{courseId}/Info", new() { ["Input.PrerequisitesMarkdown"] = "Linear algebra, cached?" }, "Linear algebra, cached?", Edit),
            ($"/Staff/Courses/{courseId}/People/Edit/{staffId}", new() { ["Input.Role"] = "Head TA" }, "Head TA", Edit),
            ($"/Staff/Courses/{courseId}/People/{staffId}/OfficeHour", new() { ["Input.Weekday"] = "Friday", ["Input.Start"] = "09:00", ["Input.End"] = "10:00", ["Input.Place"] = "Cached Hall" }, "Cached Hall", Edit),
            ($"/Staff/Courses/{courseId}/Holidays", new() { ["Input.Name"] = "Cached break", ["Input.StartDate"] = "2025-11-10" }, "Cached break", Edit),
            ($"/Staff/Courses/{courseId}/Announcements/Edit", new() { ["Input.Title"] = "Cached announcement", ["Input.PublishAt"] = "" }, "Cached announcement", Edit),
            ($"/Staff/Courses/{courseId}/Materials/Edit", new() { ["Input.Title"] = "Cached link", ["Input.Url"] = "https://example.edu/c" }, "Cached link", Edit),
        };

        foreach (var (page, fields, expect, form) in edits)
        {
            var before = await app.CreateClient().GetStringAsync(CourseUrl);
            Assert.DoesNotContain(expect, before, StringComparison.Ordinal);
            using var saved = await staff.SubmitFormAsync(page, fields, form);
            Assert.True(saved.StatusCode == HttpStatusCode.Redirect, $"{page} gave {(int)saved.StatusCode}");
            Assert.Contains(expect, await app.CreateClient().GetStringAsync(CourseUrl), StringComparison.Ordinal);
        }

        // Cancelling (the row's status) and deleting, on the lectures page.
        var list = $"/Staff/Courses/{courseId}/Lectures";
        using (var cancelled = await staff.SubmitFormAsync(list, new Dictionary<string, string?> { ["Row.IsCancelled"] = "true" }, $"#row-{lectureId}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        }

        var page2 = await app.GetDocumentAsync(app.CreateClient(), CourseUrl);
        Assert.Contains("Convolutions, cached?", page2.QuerySelector("tr.is-cancelled")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_release_time_passing_shows_the_material_without_any_edit()
    {
        var releaseAt = PortalApplication.MidTerm.UtcDateTime.AddHours(5);
        await app.WithDbAsync(async db =>
        {
            var course = await db.Courses.SingleAsync(c => c.Slug == DemoSeeder.Slug);
            db.Materials.Add(new Material { CourseId = course.Id, Title = "Released on time", Kind = MaterialKind.Link, Url = "https://example.edu/r", VisibleFrom = releaseAt });
            await db.SaveChangesAsync();
        });

        Assert.DoesNotContain("Released on time", await app.CreateClient().GetStringAsync(CourseUrl), StringComparison.Ordinal);
        Assert.DoesNotContain("Released on time", await app.CreateClient().GetStringAsync(CourseUrl), StringComparison.Ordinal);

        // Move time forward the way it really moves: the clock only (Clock.SetUtcNow drops caches, so set it quietly).
        await app.WithDbAsync(db => db.Courses.Where(c => c.Slug == DemoSeeder.Slug).ExecuteUpdateAsync(s => s.SetProperty(c => c.Title, "Theory of Deep Learning")));
        app.Clock.AdvanceQuietly(releaseAt.AddSeconds(1) - app.Clock.Now.UtcDateTime);
        try
        {
            Assert.Contains("Released on time", await app.CreateClient().GetStringAsync(CourseUrl), StringComparison.Ordinal);
        }
        finally
        {
            app.Clock.SetUtcNow(PortalApplication.MidTerm);
        }
    }

    [Fact]
    public async Task Signed_in_staff_never_get_a_cached_page()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        await app.CreateUserAsync("cache.viewer@example.edu", courseId: courseId);
        var staff = await app.SignInAsync("cache.viewer@example.edu");
        _ = await app.CreateClient().GetStringAsync(CourseUrl);
        var marker = $"Live{Guid.NewGuid():n}"[..12];

        await app.WithDbAsync(db => db.Courses.Where(c => c.Slug == DemoSeeder.Slug).ExecuteUpdateAsync(s => s.SetProperty(c => c.Code, marker)));
        try
        {
            Assert.Contains(marker, await staff.GetStringAsync(CourseUrl), StringComparison.Ordinal);
        }
        finally
        {
            await app.WithDbAsync(async db =>
            {
                var course = await db.Courses.SingleAsync(c => c.Slug == DemoSeeder.Slug);
                course.Code = "TDL";
                await db.SaveChangesAsync();
            });
        }
    }

    [Fact]
    public async Task Text_is_compressed_with_brotli_or_gzip_and_static_assets_have_fingerprinted_urls()
    {
        using var brotli = new HttpRequestMessage(HttpMethod.Get, CourseUrl);
        brotli.Headers.Add("Accept-Encoding", "br");
        using var compressed = await app.CreateClient().SendAsync(brotli);
        Assert.Equal("br", Assert.Single(compressed.Content.Headers.ContentEncoding));

        using var gzip = new HttpRequestMessage(HttpMethod.Get, "/api/courses/" + DemoSeeder.Slug);
        gzip.Headers.Add("Accept-Encoding", "gzip");
        using var zipped = await app.CreateClient().SendAsync(gzip);
        Assert.Equal("gzip", Assert.Single(zipped.Content.Headers.ContentEncoding));

        var page = await app.GetDocumentAsync(app.CreateClient(), CourseUrl);
        var css = page.QuerySelector("link[rel=stylesheet]")!.GetAttribute("href")!;
        // The fingerprint changes with the content, so a published app can let browsers keep it for a year
        // (MapStaticAssets does; the build output used by tests revalidates instead).
        Assert.Matches(@"^/css/site\.[a-z0-9]+\.css$", css);
        using var asset = await app.CreateClient().GetAsync(css);
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.NotNull(asset.Headers.ETag);
    }
}
