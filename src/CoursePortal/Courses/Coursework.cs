using CoursePortal.Data;

namespace CoursePortal.Courses;

/// <summary>
/// The rules about coursework items that every output shares (course page, calendar, feeds, API, in later steps):
/// when an item is public, the instant it is due in the course's zone, what is coming up, and the "changed" marker.
/// </summary>
public static class Coursework
{
    /// <summary>How far ahead the course page's "Coming up" box looks.</summary>
    public static readonly TimeSpan ComingUpWindow = TimeSpan.FromDays(14);

    /// <summary>How long a due time or room changed after release is marked "changed".</summary>
    public static readonly TimeSpan ChangedMarkerLifetime = TimeSpan.FromDays(7);

    /// <summary>Whether the public may see the item at <paramref name="nowUtc"/>.</summary>
    public static bool IsPublicAt(this CourseworkItem item, DateTime nowUtc) => item.ReleaseAt is not { } release || release <= nowUtc;

    /// <summary>The instant it is due (or starts), with the zone's offset on that date (so 11:59 pm stays 11:59 pm across a clock change).</summary>
    public static DateTimeOffset DueAt(this CourseworkItem item, TimeZoneInfo zone) => At(item.Date, item.Time, zone);

    /// <summary>An exam's end, or null for a deadline.</summary>
    public static DateTimeOffset? EndsAt(this CourseworkItem item, TimeZoneInfo zone) =>
        item.EndTime is { } end ? At(item.Date, end, zone) : null;

    /// <summary>The public items due or held from now until <see cref="ComingUpWindow"/> ahead, soonest first.</summary>
    public static IReadOnlyList<CourseworkItem> ComingUp(IEnumerable<CourseworkItem> items, DateTime nowUtc, TimeZoneInfo zone)
    {
        var now = new DateTimeOffset(DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc));
        return items
            .Where(i => i.IsPublicAt(nowUtc))
            .Where(i => (i.EndsAt(zone) ?? i.DueAt(zone)) >= now && i.DueAt(zone) <= now + ComingUpWindow)
            .InScheduleOrder()
            .ToList();
    }

    /// <summary>
    /// Notes a new date, time or room. Before the item is public nobody has seen the old one, so nothing is marked;
    /// after, the old value is kept for the "changed" marker (the first old value, if it changes again within the
    /// marker's life) and the calendar sequence goes up.
    /// </summary>
    public static void Reschedule(this CourseworkItem item, DateOnly date, TimeOnly time, TimeOnly? endTime, string? room, DateTime nowUtc)
    {
        var moved = item.Date != date || item.Time != time || item.EndTime != endTime;
        var roomChanged = !string.Equals(item.Room ?? "", room ?? "", StringComparison.Ordinal);
        if (!moved && !roomChanged)
        {
            return;
        }

        if (item.Id != 0 && item.IsPublicAt(nowUtc))
        {
            if (ChangedMarker(item, nowUtc) is null)
            {
                item.PreviousDate = item.Date;
                item.PreviousTime = item.Time;
                item.PreviousRoom = item.Room;
            }

            item.ChangedAt = nowUtc;
            item.Sequence++;
        }

        item.Date = date;
        item.Time = time;
        item.EndTime = endTime;
        item.Room = room;
    }

    /// <summary>What changed and from what, while the marker lives; null when there is nothing to mark.</summary>
    public static CourseworkChange? ChangedMarker(this CourseworkItem item, DateTime nowUtc)
    {
        if (item.ChangedAt is not { } changed || nowUtc - changed > ChangedMarkerLifetime)
        {
            return null;
        }

        var moved = item.PreviousDate is { } date && item.PreviousTime is { } time && (date != item.Date || time != item.Time);
        var roomChanged = !string.Equals(item.PreviousRoom ?? "", item.Room ?? "", StringComparison.Ordinal);
        return moved || roomChanged
            ? new CourseworkChange(moved ? item.PreviousDate : null, moved ? item.PreviousTime : null, roomChanged ? item.PreviousRoom ?? "" : null)
            : null;
    }

    /// <summary>
    /// The instants (UTC) at which the public view of the item changes by itself: its release, its entering and
    /// leaving "Coming up", its "changed" marker ending.
    /// </summary>
    public static IEnumerable<DateTime> ChangesAt(CourseworkItem item, TimeZoneInfo zone)
    {
        if (item.ReleaseAt is { } release)
        {
            yield return release;
        }

        var due = item.DueAt(zone).UtcDateTime;
        yield return due - ComingUpWindow;
        yield return item.EndsAt(zone)?.UtcDateTime ?? due;
        if (item.ChangedAt is { } changed)
        {
            yield return changed + ChangedMarkerLifetime;
        }
    }

    private static DateTimeOffset At(DateOnly date, TimeOnly time, TimeZoneInfo zone) => CourseClock.ToInstant(date, time, zone);
}

/// <summary>The old values a "changed" marker shows: the old date and time when it moved, the old room when that changed.</summary>
public sealed record CourseworkChange(DateOnly? OldDate, TimeOnly? OldTime, string? OldRoom);
