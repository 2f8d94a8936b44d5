using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Xml;
using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Ical.Net.DataTypes;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Calendar;

/// <summary>Coursework and sections in the calendar (read back through Ical.Net), the JSON API and the Atom feed.</summary>
public sealed class CourseworkOutputTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    private const string Slug = DemoSeeder.Slug;
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private async Task<CourseworkItem> AddAsync(string title, DateOnly date, TimeOnly time, TimeOnly? end = null, string? room = null,
        DateTime? releaseAt = null, string kind = CourseworkKinds.Assignment)
    {
        var courseId = await app.CourseIdAsync(Slug);
        return await app.WithDbAsync(async db =>
        {
            var item = new CourseworkItem { CourseId = courseId, Kind = kind, Title = title, Date = date, Time = time, EndTime = end, Room = room, ReleaseAt = releaseAt };
            db.CourseworkItems.Add(item);
            await db.SaveChangesAsync();
            return item;
        });
    }

    private async Task<Ical.Net.Calendar> CalendarAsync() => Ical.Net.Calendar.Load(await app.CreateClient().GetStringAsync($"/{Slug}/calendar.ics"))!;

    private async Task<JsonElement> JsonAsync()
    {
        using var json = JsonDocument.Parse(await app.CreateClient().GetStringAsync($"/api/courses/{Slug}"));
        return json.RootElement.Clone();
    }

    private async Task<SyndicationFeed> FeedAsync()
    {
        using var reader = XmlReader.Create(await app.CreateClient().GetStreamAsync($"/{Slug}/feed.atom"));
        return SyndicationFeed.Load(reader);
    }

    [Fact]
    public async Task An_11_59_pm_deadline_stays_11_59_pm_in_New_York_across_the_clock_change_in_json_and_ics()
    {
        app.Clock.SetUtcNow(PortalApplication.MidTerm);
        var before = await AddAsync("DST essay before", new DateOnly(2025, 10, 31), new TimeOnly(23, 59));
        var after = await AddAsync("DST essay after", new DateOnly(2025, 11, 3), new TimeOnly(23, 59));

        var json = (await JsonAsync()).GetProperty("coursework").EnumerateArray().ToList();
        Assert.Equal("2025-10-31T23:59:00-04:00", json.Single(j => j.GetProperty("id").GetInt32() == before.Id).GetProperty("due").GetString());
        var afterJson = json.Single(j => j.GetProperty("id").GetInt32() == after.Id);
        Assert.Equal("2025-11-03T23:59:00-05:00", afterJson.GetProperty("due").GetString());
        Assert.Equal(JsonValueKind.Null, afterJson.GetProperty("end").ValueKind);
        Assert.EndsWith($"/{Slug}#coursework-{after.Id}", afterJson.GetProperty("url").GetString(), StringComparison.Ordinal);

        var calendar = await CalendarAsync();
        var beforeEvent = calendar.Events.Single(e => e.Uid == $"coursework-{before.Id}-{Slug}@course-portal");
        var afterEvent = calendar.Events.Single(e => e.Uid == $"coursework-{after.Id}-{Slug}@course-portal");
        Assert.Equal("America/New_York", afterEvent.DtStart!.TzId);
        Assert.Equal(new DateTime(2025, 11, 1, 3, 59, 0, DateTimeKind.Utc), beforeEvent.DtStart!.AsUtc);
        Assert.Equal(new DateTime(2025, 11, 4, 4, 59, 0, DateTimeKind.Utc), afterEvent.DtStart!.AsUtc);
        Assert.Equal(afterEvent.DtStart.AsUtc, afterEvent.DtEnd!.AsUtc);
        Assert.Equal("TDL due: DST essay after", afterEvent.Summary);
        Assert.EndsWith($"/{Slug}#coursework-{after.Id}", afterEvent.Url!.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_exam_is_an_event_with_its_room_and_a_due_time_change_raises_sequence_under_the_same_uid()
    {
        app.Clock.SetUtcNow(PortalApplication.MidTerm);
        var exam = await AddAsync("Midterm exam", new DateOnly(2025, 10, 15), new TimeOnly(15, 0), new TimeOnly(16, 30), "McCosh 10", kind: CourseworkKinds.Exam);
        var uid = $"coursework-{exam.Id}-{Slug}@course-portal";

        var first = (await CalendarAsync()).Events.Single(e => e.Uid == uid);
        Assert.Equal("McCosh 10", first.Location);
        Assert.Equal("TDL Exam: Midterm exam", first.Summary);
        Assert.Equal(new DateTime(2025, 10, 15, 20, 30, 0, DateTimeKind.Utc), first.DtEnd!.AsUtc);
        Assert.Equal(0, first.Sequence);

        await app.WithDbAsync(async db =>
        {
            var stored = await db.CourseworkItems.SingleAsync(i => i.Id == exam.Id);
            stored.Reschedule(stored.Date, new TimeOnly(16, 0), new TimeOnly(17, 30), "McCosh 50", PortalApplication.MidTerm.UtcDateTime);
            await db.SaveChangesAsync();
        });

        var moved = (await CalendarAsync()).Events.Single(e => e.Uid == uid);
        Assert.Equal(1, moved.Sequence);
        Assert.Equal("McCosh 50", moved.Location);
        Assert.Equal(new DateTime(2025, 10, 15, 20, 0, 0, DateTimeKind.Utc), moved.DtStart!.AsUtc);

        var changed = (await JsonAsync()).GetProperty("coursework").EnumerateArray().Single(j => j.GetProperty("id").GetInt32() == exam.Id).GetProperty("changed");
        Assert.Equal("2025-10-15T15:00:00-04:00", changed.GetProperty("previousDue").GetString());
        Assert.Equal("McCosh 10", changed.GetProperty("previousRoom").GetString());

        var titles = (await FeedAsync()).Items.Select(i => i.Title.Text).ToList();
        Assert.Contains("Changed: Midterm exam (Wed Oct 15, 2025, 4:00–5:30 pm, McCosh 50; was Wed Oct 15, 3:00 pm, in McCosh 10)", titles);
    }

    [Fact]
    public async Task An_unreleased_item_is_in_no_output_until_its_release_and_then_the_feed_announces_it()
    {
        var release = TimeZoneInfo.ConvertTimeToUtc(new DateTime(2025, 9, 15, 9, 0, 0), NewYork);
        app.Clock.SetUtcNow(PortalApplication.MidTerm);
        var item = await AddAsync("Hidden problem set", new DateOnly(2025, 9, 22), new TimeOnly(23, 59), releaseAt: release);

        Assert.DoesNotContain((await CalendarAsync()).Events, e => e.Uid == $"coursework-{item.Id}-{Slug}@course-portal");
        Assert.DoesNotContain((await JsonAsync()).GetProperty("coursework").EnumerateArray(), j => j.GetProperty("id").GetInt32() == item.Id);
        Assert.DoesNotContain((await FeedAsync()).Items, i => i.Title.Text.Contains("Hidden problem set", StringComparison.Ordinal));

        app.Clock.SetUtcNow(new DateTimeOffset(release.AddMinutes(1), TimeSpan.Zero));

        Assert.Contains((await CalendarAsync()).Events, e => e.Uid == $"coursework-{item.Id}-{Slug}@course-portal");
        var json = (await JsonAsync()).GetProperty("coursework").EnumerateArray().Single(j => j.GetProperty("id").GetInt32() == item.Id);
        Assert.Equal(new DateTimeOffset(release, TimeSpan.Zero), json.GetProperty("releasedAt").GetDateTimeOffset());
        var entry = (await FeedAsync()).Items.Single(i => i.Id == $"urn:course-portal:{Slug}:coursework:{item.Id}");
        Assert.Equal("Assignment: Hidden problem set (due Mon Sep 22, 2025, 11:59 pm)", entry.Title.Text);
        Assert.Equal(new DateTimeOffset(release, TimeSpan.Zero), entry.PublishDate);
    }

    [Fact]
    public async Task A_section_recurs_weekly_on_its_days_over_the_term_without_the_holidays()
    {
        var courseId = await app.CourseIdAsync(Slug);
        var section = await app.WithDbAsync(async db =>
        {
            var s = new Section
            {
                CourseId = courseId, Name = "Lab L02", Days = Weekdays.Monday | Weekdays.Thursday,
                StartTime = new TimeOnly(19, 30), EndTime = new TimeOnly(20, 20), Room = "Friend 009",
            };
            db.Sections.Add(s);
            await db.SaveChangesAsync();
            return s;
        });

        var evt = (await CalendarAsync()).Events.Single(e => e.Uid == $"section-{section.Id}-{Slug}@course-portal");
        var occurrences = evt.GetOccurrences(new CalDateTime(2025, 1, 1, 0, 0, 0, "UTC"), null)
            .Select(o => o.Period.StartTime).TakeWhile(s => s.AsUtc < new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)).ToList();
        var dates = occurrences.Select(o => o.Date).ToList();

        Assert.Equal("TDL Lab L02", evt.Summary);
        Assert.Equal("Friend 009", evt.Location);
        Assert.Equal(new DateOnly(2025, 9, 4), dates[0]); // the term starts on Tue Sep 2
        Assert.DoesNotContain(new DateOnly(2025, 10, 13), dates); // fall recess, Oct 11–18
        Assert.DoesNotContain(new DateOnly(2025, 10, 16), dates);
        Assert.Contains(new DateOnly(2025, 10, 20), dates);
        Assert.Equal(new DateOnly(2025, 12, 8), dates[^1]); // the term ends on Wed Dec 10
        Assert.All(dates, d => Assert.Contains(d.DayOfWeek, new[] { DayOfWeek.Monday, DayOfWeek.Thursday }));
        Assert.All(occurrences, o => Assert.Equal(new TimeOnly(19, 30), TimeOnly.FromDateTime(o.ToTimeZone("America/New_York").Value)));

        var json = (await JsonAsync()).GetProperty("sections").EnumerateArray().Single(j => j.GetProperty("id").GetInt32() == section.Id);
        Assert.Equal(["monday", "thursday"], json.GetProperty("days").EnumerateArray().Select(d => d.GetString()!).ToArray());
        Assert.Equal("19:30:00", json.GetProperty("start").GetString());

        // A new time is a new SEQUENCE under the same UID, so subscribed calendars replace the old one.
        Assert.Equal(0, evt.Sequence);
        await app.WithDbAsync(async db =>
        {
            (await db.Sections.SingleAsync(s => s.Id == section.Id)).StartTime = new TimeOnly(19, 0);
            await db.SaveChangesAsync();
        });
        var moved = (await CalendarAsync()).Events.Single(e => e.Uid == $"section-{section.Id}-{Slug}@course-portal");
        Assert.Equal(1, moved.Sequence);
        Assert.Equal(new TimeOnly(19, 0), TimeOnly.FromDateTime(moved.DtStart!.Value));
    }
}
