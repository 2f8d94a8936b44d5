using System.Net;
using System.Net.Http.Headers;
using CoursePortal.Data;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Materials;

public sealed class MaterialVisibilityTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    private const string CourseUrl = "/" + DemoSeeder.Slug;

    [Fact]
    public async Task Pdf_download_is_inline_with_validators_and_byte_ranges()
    {
        var client = app.CreateClient();
        var href = await FirstLecturePdfAsync(client);

        using var full = await client.GetAsync(href);
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal("inline", full.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("lecture-01.pdf", full.Content.Headers.ContentDisposition.FileNameStar ?? full.Content.Headers.ContentDisposition.FileName);
        Assert.Equal("nosniff", full.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("bytes", full.Headers.AcceptRanges.Single());
        var etag = full.Headers.ETag!;

        using var conditional = new HttpRequestMessage(HttpMethod.Get, href);
        conditional.Headers.IfNoneMatch.Add(etag);
        using var notModified = await client.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        using var ranged = new HttpRequestMessage(HttpMethod.Get, href);
        ranged.Headers.Range = new RangeHeaderValue(0, 4);
        using var partial = await client.SendAsync(ranged);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal("%PDF-"u8.ToArray(), await partial.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Draft_and_future_materials_are_hidden_and_their_urls_404_until_released()
    {
        var client = app.CreateClient();
        var href = await FirstLecturePdfAsync(client);
        var releaseAt = PortalApplication.MidTerm.UtcDateTime.AddDays(2);
        await SetReleaseAsync(isDraft: false, visibleFrom: releaseAt);

        try
        {
            using (var hidden = await client.GetAsync(href))
            {
                Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
            }

            var page = await client.GetStringAsync(CourseUrl);
            Assert.DoesNotContain(href, page, StringComparison.Ordinal);

            app.Clock.SetUtcNow(releaseAt.AddMinutes(1));
            using (var released = await client.GetAsync(href))
            {
                Assert.Equal(HttpStatusCode.OK, released.StatusCode);
            }

            await SetReleaseAsync(isDraft: true, visibleFrom: null);
            using var draft = await client.GetAsync(href);
            Assert.Equal(HttpStatusCode.NotFound, draft.StatusCode);
            Assert.DoesNotContain(href, await client.GetStringAsync($"/api/courses/{DemoSeeder.Slug}"), StringComparison.Ordinal);
        }
        finally
        {
            app.Clock.SetUtcNow(PortalApplication.MidTerm);
            await SetReleaseAsync(isDraft: false, visibleFrom: null);
        }
    }

    [Fact]
    public async Task Future_announcement_is_hidden_until_its_publish_time()
    {
        var publishAt = PortalApplication.MidTerm.UtcDateTime.AddHours(3);
        await app.WithDbAsync(async db =>
        {
            var course = await db.Courses.SingleAsync(c => c.Slug == DemoSeeder.Slug);
            db.Announcements.Add(new Announcement { CourseId = course.Id, Title = "Midterm moved", PublishAt = publishAt });
            db.Announcements.Add(new Announcement { CourseId = course.Id, Title = "Draft never shown", PublishAt = null });
            await db.SaveChangesAsync();
        });
        var client = app.CreateClient();

        Assert.DoesNotContain("Midterm moved", await client.GetStringAsync(CourseUrl), StringComparison.Ordinal);
        app.Clock.SetUtcNow(publishAt);
        var page = await client.GetStringAsync(CourseUrl);
        app.Clock.SetUtcNow(PortalApplication.MidTerm);

        Assert.Contains("Midterm moved", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Draft never shown", page, StringComparison.Ordinal);
    }

    private async Task<string> FirstLecturePdfAsync(HttpClient client)
    {
        var doc = await app.GetDocumentAsync(client, CourseUrl);
        return doc.QuerySelector("#lecture-1 a")!.GetAttribute("href")!;
    }

    private Task SetReleaseAsync(bool isDraft, DateTime? visibleFrom) => app.WithDbAsync(async db =>
    {
        var material = await db.Materials.SingleAsync(m => m.FileName == "lecture-01.pdf");
        material.IsDraft = isDraft;
        material.VisibleFrom = visibleFrom;
        await db.SaveChangesAsync();
    });
}
