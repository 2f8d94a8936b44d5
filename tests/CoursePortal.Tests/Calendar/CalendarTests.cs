using System.Net;
using System.Net.Http.Headers;
using System.ServiceModel.Syndication;
using System.Xml;
using CoursePortal.Data;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Calendar;

public sealed class CalendarTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    private const string CalendarUrl = "/" + DemoSeeder.Slug + "/calendar.ics";

    [Fact]
    public async Task Every_lecture_is_an_event_in_the_course_time_zone_across_the_daylight_saving_change()
    {
        var calendar = await LoadAsync();

        Assert.Equal("America/New_York", Assert.Single(calendar.TimeZones).TzId);
        var lectures = calendar.Events.Where(e => e.Uid!.StartsWith("lecture-", StringComparison.Ordinal)).OrderBy(e => e.DtStart!.AsUtc).ToList();
        Assert.Equal(19, lectures.Count);
        var first = lectures[0];
        Assert.Equal("TDL Lecture 1: Optimization theory", first.Summary);
        Assert.Equal("Friend Center 008", first.Location);
        Assert.Equal("America/New_York", first.DtStart!.TzId);
        Assert.Contains($"/{DemoSeeder.Slug}/materials/", first.Description, StringComparison.Ordinal);
        Assert.Contains($"/{DemoSeeder.Slug}#lecture-1", first.Description, StringComparison.Ordinal);

        // 3 pm in New York is 19:00 UTC in daylight time (Oct 28) and 20:00 UTC in standard time (Nov 3, after Nov 2).
        var beforeChange = lectures.Single(e => e.DtStart!.Date == new DateOnly(2025, 10, 28));
        var afterChange = lectures.Single(e => e.DtStart!.Date == new DateOnly(2025, 11, 3));
        Assert.Equal(new DateTime(2025, 10, 28, 19, 0, 0, DateTimeKind.Utc), beforeChange.DtStart!.AsUtc);
        Assert.Equal(new DateTime(2025, 11, 3, 20, 0, 0, DateTimeKind.Utc), afterChange.DtStart!.AsUtc);
        Assert.Equal(new DateTime(2025, 11, 3, 21, 30, 0, DateTimeKind.Utc), afterChange.DtEnd!.AsUtc);
    }

    [Fact]
    public async Task Office_hours_recur_weekly_over_the_term_without_the_holidays_and_keep_local_time_after_the_clock_change()
    {
        var calendar = await LoadAsync();

        var gon = calendar.Events.Single(e => e.Summary == "TDL office hour: Gon Buzaglo");
        Assert.Equal("COS431", gon.Location);
        var occurrences = gon.GetOccurrences(new CalDateTime(2025, 1, 1, 0, 0, 0, "UTC"), null)
            .Select(o => o.Period.StartTime).TakeWhile(s => s.AsUtc < new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)).ToList();
        var dates = occurrences.Select(o => o.Date).ToList();

        Assert.Equal(new DateOnly(2025, 9, 8), dates[0]);
        Assert.Equal(new DateOnly(2025, 12, 8), dates[^1]);
        Assert.DoesNotContain(new DateOnly(2025, 10, 13), dates); // fall recess
        Assert.Contains(new DateOnly(2025, 10, 20), dates);
        Assert.Equal(13, dates.Count);
        Assert.All(occurrences, o => Assert.Equal(new TimeOnly(16, 30), TimeOnly.FromDateTime(o.ToTimeZone("America/New_York").Value)));
    }

    [Fact]
    public async Task A_cancelled_lecture_is_cancelled_in_the_calendar_its_uid_stays_and_its_sequence_rises()
    {
        var before = (await LoadAsync()).Events.Single(e => e.DtStart!.Date == new DateOnly(2025, 10, 6) && e.Uid!.StartsWith("lecture-", StringComparison.Ordinal));
        await app.WithDbAsync(async db =>
        {
            var lecture = await db.Lectures.SingleAsync(l => l.Date == new DateOnly(2025, 10, 6));
            lecture.Status = LectureStatus.Cancelled;
            await db.SaveChangesAsync();
        });

        try
        {
            var after = (await LoadAsync()).Events.Single(e => e.Uid == before.Uid);

            Assert.Equal("CONFIRMED", before.Status);
            Assert.Equal("CANCELLED", after.Status);
            Assert.True(after.Sequence > before.Sequence);
            Assert.StartsWith("Cancelled:", after.Summary, StringComparison.Ordinal);
        }
        finally
        {
            await app.WithDbAsync(async db =>
            {
                var lecture = await db.Lectures.SingleAsync(l => l.Date == new DateOnly(2025, 10, 6));
                lecture.Status = LectureStatus.Scheduled;
                await db.SaveChangesAsync();
            });
        }
    }

    [Fact]
    public async Task The_calendar_answers_304_to_a_client_that_has_it_and_is_offered_on_the_course_page()
    {
        var client = app.CreateClient();
        using var first = await client.GetAsync(CalendarUrl);
        Assert.Equal("text/calendar", first.Content.Headers.ContentType!.MediaType);

        using var again = new HttpRequestMessage(HttpMethod.Get, CalendarUrl);
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var notModified = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        var page = await app.GetDocumentAsync(client, "/" + DemoSeeder.Slug);
        Assert.Equal($"webcal://localhost{CalendarUrl}", page.QuerySelector(".subscribe a")!.GetAttribute("href"));
        Assert.NotNull(page.QuerySelector($".subscribe a[href='{CalendarUrl}?download=true']"));
        Assert.Contains("Google Calendar", page.QuerySelector(".subscribe")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_atom_feed_parses_and_lists_announcements_and_released_materials_only()
    {
        await app.WithDbAsync(async db =>
        {
            var course = await db.Courses.SingleAsync(c => c.Slug == DemoSeeder.Slug);
            db.Materials.Add(new Material { CourseId = course.Id, Title = "Future slides", Kind = MaterialKind.Link, Url = "https://example.edu/f", VisibleFrom = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
            await db.SaveChangesAsync();
        });

        using var response = await app.CreateClient().GetAsync($"/{DemoSeeder.Slug}/feed.atom");
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType!.MediaType);
        using var reader = XmlReader.Create(await response.Content.ReadAsStreamAsync());
        var feed = SyndicationFeed.Load(reader);

        var titles = feed.Items.Select(i => i.Title.Text).ToList();
        Assert.Contains("Welcome to Theory of Deep Learning", titles);
        Assert.Contains("New material: Lecture PDF for lecture 1 (Optimization theory)", titles);
        Assert.Contains("New material: Theory of Deep Learning book draft", titles);
        Assert.DoesNotContain(titles, t => t.Contains("Future slides", StringComparison.Ordinal));
    }

    private async Task<Ical.Net.Calendar> LoadAsync()
    {
        var text = await app.CreateClient().GetStringAsync(CalendarUrl);
        return Ical.Net.Calendar.Load(text)!;
    }
}
