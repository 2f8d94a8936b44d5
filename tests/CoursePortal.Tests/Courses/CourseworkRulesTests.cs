using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Courses;

/// <summary>The coursework rules every output will share: due instants in the course's zone, what is coming up, the "changed" marker.</summary>
public sealed class CourseworkRulesTests
{
    private static readonly TimeZoneInfo NewYork = CourseClock.Zone("America/New_York");

    [Fact]
    public void An_11_59_pm_deadline_keeps_its_local_time_across_the_fall_clock_change()
    {
        var before = Item(new DateOnly(2025, 11, 1), new TimeOnly(23, 59));
        var after = Item(new DateOnly(2025, 11, 3), new TimeOnly(23, 59));

        Assert.Equal(new DateTimeOffset(2025, 11, 1, 23, 59, 0, TimeSpan.FromHours(-4)), before.DueAt(NewYork));
        Assert.Equal(TimeSpan.FromHours(-4), before.DueAt(NewYork).Offset);
        Assert.Equal(new DateTimeOffset(2025, 11, 3, 23, 59, 0, TimeSpan.FromHours(-5)), after.DueAt(NewYork));
        Assert.Equal(TimeSpan.FromHours(-5), after.DueAt(NewYork).Offset);
    }

    [Fact]
    public void A_deadline_in_the_hour_the_spring_change_skips_counts_as_the_hour_after()
    {
        var skipped = Item(new DateOnly(2026, 3, 8), new TimeOnly(2, 30));

        Assert.Equal(new DateTimeOffset(2026, 3, 8, 3, 30, 0, TimeSpan.FromHours(-4)), skipped.DueAt(NewYork));
    }

    [Fact]
    public void Coming_up_lists_public_items_of_the_next_14_days_soonest_first_and_an_exam_until_it_ends()
    {
        var now = new DateTime(2025, 10, 6, 16, 0, 0, DateTimeKind.Utc); // Monday noon in New York
        var later = Item(new DateOnly(2025, 10, 17), new TimeOnly(23, 59), "HW 3");
        var soon = Item(new DateOnly(2025, 10, 7), new TimeOnly(23, 59), "HW 2");
        var tooFar = Item(new DateOnly(2025, 10, 21), new TimeOnly(23, 59), "HW 4");
        var past = Item(new DateOnly(2025, 10, 5), new TimeOnly(23, 59), "HW 1");
        var hidden = Item(new DateOnly(2025, 10, 8), new TimeOnly(23, 59), "Secret");
        hidden.ReleaseAt = now.AddHours(1);
        var examUnderway = Item(new DateOnly(2025, 10, 6), new TimeOnly(11, 0), "Quiz 1");
        examUnderway.EndTime = new TimeOnly(12, 30);

        var list = Coursework.ComingUp([later, soon, tooFar, past, hidden, examUnderway], now, NewYork);

        Assert.Equal(["Quiz 1", "HW 2", "HW 3"], list.Select(i => i.Title));
        Assert.Contains(hidden, Coursework.ComingUp([hidden], now.AddHours(1), NewYork));
    }

    [Fact]
    public void A_change_after_release_is_marked_with_the_old_value_for_seven_days_and_raises_the_sequence()
    {
        var released = new DateTime(2025, 10, 1, 12, 0, 0, DateTimeKind.Utc);
        var item = Item(new DateOnly(2025, 10, 10), new TimeOnly(23, 59));
        item.Id = 5;
        item.Room = "Friend 101";
        item.ReleaseAt = released;

        item.Reschedule(new DateOnly(2025, 10, 12), new TimeOnly(17, 0), null, "Friend 101", released.AddDays(1));
        item.Reschedule(new DateOnly(2025, 10, 13), new TimeOnly(17, 0), null, "McCosh 10", released.AddDays(2));

        var marker = item.ChangedMarker(released.AddDays(8));
        Assert.Equal(new CourseworkChange(new DateOnly(2025, 10, 10), new TimeOnly(23, 59), "Friend 101"), marker);
        Assert.Equal(2, item.Sequence);
        Assert.Null(item.ChangedMarker(released.AddDays(9).AddMinutes(1)));
    }

    [Fact]
    public void A_change_before_release_or_back_to_the_old_value_is_not_marked()
    {
        var now = new DateTime(2025, 10, 1, 12, 0, 0, DateTimeKind.Utc);
        var unreleased = Item(new DateOnly(2025, 10, 10), new TimeOnly(23, 59));
        unreleased.Id = 6;
        unreleased.ReleaseAt = now.AddDays(3);
        unreleased.Reschedule(new DateOnly(2025, 10, 11), new TimeOnly(23, 59), null, null, now);
        Assert.Null(unreleased.ChangedMarker(now));
        Assert.Equal(0, unreleased.Sequence);

        var item = Item(new DateOnly(2025, 10, 10), new TimeOnly(23, 59));
        item.Id = 7;
        item.Reschedule(new DateOnly(2025, 10, 11), new TimeOnly(23, 59), null, null, now);
        item.Reschedule(new DateOnly(2025, 10, 10), new TimeOnly(23, 59), null, null, now.AddHours(1));
        Assert.Null(item.ChangedMarker(now.AddHours(2)));
    }

    private static CourseworkItem Item(DateOnly date, TimeOnly time, string title = "HW") =>
        new() { Kind = CourseworkKinds.Assignment, Title = title, Date = date, Time = time };
}

/// <summary>Coursework items and sections as the database keeps them, on either provider.</summary>
public sealed class CourseworkStorageTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    [Fact]
    public async Task Items_and_sections_round_trip_and_follow_their_lecture_staff_and_course()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        var (lectureId, staffId) = await app.WithDbAsync(async db => (
            await db.Lectures.Where(l => l.CourseId == courseId).OrderBy(l => l.Date).Select(l => l.Id).FirstAsync(),
            await db.StaffMembers.Where(s => s.CourseId == courseId).Select(s => s.Id).FirstAsync()));
        var (itemId, sectionId) = await app.WithDbAsync(async db =>
        {
            var item = new CourseworkItem
            {
                CourseId = courseId, Kind = "Problem set", Title = "PS 1", Date = new DateOnly(2025, 9, 19), Time = new TimeOnly(23, 59),
                LectureId = lectureId, ReleaseAt = new DateTime(2025, 9, 12, 16, 0, 0, DateTimeKind.Utc),
            };
            var section = new Section { CourseId = courseId, Name = "Precept P01", Days = Weekdays.Thursday, StartTime = new TimeOnly(15, 0), EndTime = new TimeOnly(15, 50), Room = "Friend 008" };
            section.Leaders.Add(new SectionLeader { StaffMemberId = staffId });
            db.CourseworkItems.Add(item);
            db.Sections.Add(section);
            await db.SaveChangesAsync();
            return (item.Id, section.Id);
        });

        var stored = await app.WithDbAsync(db => db.CourseworkItems.AsNoTracking().SingleAsync(i => i.Id == itemId));
        Assert.Equal(("Problem set", new DateOnly(2025, 9, 19), new TimeOnly(23, 59), DateTimeKind.Utc), (stored.Kind, stored.Date, stored.Time, stored.ReleaseAt!.Value.Kind));
        Assert.Equal([staffId], await app.WithDbAsync(db => db.Sections.Where(s => s.Id == sectionId).SelectMany(s => s.Leaders.Select(l => l.StaffMemberId)).ToListAsync()));

        // A deleted lecture leaves its item as a course item; a removed staff member leaves the section without them.
        await app.WithDbAsync(async db =>
        {
            db.Lectures.Remove(await db.Lectures.SingleAsync(l => l.Id == lectureId));
            db.StaffMembers.Remove(await db.StaffMembers.SingleAsync(s => s.Id == staffId));
            await db.SaveChangesAsync();
        });
        Assert.Null(await app.WithDbAsync(db => db.CourseworkItems.Where(i => i.Id == itemId).Select(i => i.LectureId).SingleAsync()));
        Assert.True(await app.WithDbAsync(db => db.Sections.AnyAsync(s => s.Id == sectionId && !s.Leaders.Any())));
    }
}
