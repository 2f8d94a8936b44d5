using System.Globalization;
using CoursePortal.Data;

namespace CoursePortal.Courses;

/// <summary>How dates, times and sizes read on the site (US English, as the courses are taught).</summary>
public static class Formats
{
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en-US");

    private static readonly (Weekdays Flag, DayOfWeek Day)[] Order =
    [
        (Weekdays.Monday, DayOfWeek.Monday), (Weekdays.Tuesday, DayOfWeek.Tuesday),
        (Weekdays.Wednesday, DayOfWeek.Wednesday), (Weekdays.Thursday, DayOfWeek.Thursday),
        (Weekdays.Friday, DayOfWeek.Friday), (Weekdays.Saturday, DayOfWeek.Saturday),
        (Weekdays.Sunday, DayOfWeek.Sunday),
    ];

    /// <summary>"Wed Sep 3"</summary>
    public static string ShortDate(DateOnly date) => date.ToString("ddd MMM d", En);

    /// <summary>"Wed Sep 3, 2025"</summary>
    public static string ShortDateWithYear(DateOnly date) => date.ToString("ddd MMM d, yyyy", En);

    /// <summary>"Wednesday, September 3, 2025"</summary>
    public static string LongDate(DateOnly date) => date.ToString("dddd, MMMM d, yyyy", En);

    /// <summary>"3:00 pm"</summary>
    public static string Time(TimeOnly time) => time.ToString("h:mm tt", En).ToLowerInvariant();

    /// <summary>"3:00–4:30 pm", or "11:00 am–12:30 pm" when the half of the day changes.</summary>
    public static string TimeRange(TimeOnly start, TimeOnly end)
    {
        var sameHalf = start.Hour < 12 == end.Hour < 12;
        var first = sameHalf ? start.ToString("h:mm", En) : Time(start);
        return $"{first}\u2013{Time(end)}";
    }

    /// <summary>"today", "tomorrow", or "Wed Sep 3".</summary>
    public static string RelativeDate(DateOnly date, DateOnly today) =>
        date == today ? "today" : date == today.AddDays(1) ? "tomorrow" : ShortDate(date);

    /// <summary>When a coursework item is due or held: "11:59 pm" (a deadline), "3:00–4:30 pm, McCosh 10" (an exam).</summary>
    public static string CourseworkTime(CourseworkItem item) =>
        CourseworkHours(item) + (item.EndTime is not null && !string.IsNullOrWhiteSpace(item.Room) ? $", {item.Room}" : "");

    /// <summary>"11:59 pm" (a deadline) or "3:00–4:30 pm" (an exam), without the room.</summary>
    public static string CourseworkHours(CourseworkItem item) =>
        item.EndTime is { } end ? TimeRange(item.Time, end) : Time(item.Time);

    /// <summary>"due tomorrow, 11:59 pm" or "Wed Oct 14, 3:00–4:30 pm, McCosh 10".</summary>
    public static string CourseworkWhen(CourseworkItem item, DateOnly today) =>
        (item.EndTime is null ? "due " : "") + $"{RelativeDate(item.Date, today)}, {CourseworkTime(item)}";

    /// <summary>"due Tue Oct 8, 2025, 11:59 pm" or "Wed Oct 14, 2025, 3:00–4:30 pm, McCosh 10": for text read later (a feed entry).</summary>
    public static string CourseworkWhenWithDate(CourseworkItem item) =>
        (item.EndTime is null ? "due " : "") + $"{ShortDateWithYear(item.Date)}, {CourseworkTime(item)}";

    /// <summary>What a "changed" marker says was there before: "was Tue Oct 8, 11:59 pm", "was in McCosh 50".</summary>
    public static string CourseworkWas(CourseworkChange change)
    {
        var parts = new List<string>();
        if (change.OldDate is { } date && change.OldTime is { } time)
        {
            parts.Add($"{ShortDate(date)}, {Time(time)}");
        }

        if (change.OldRoom is { } room)
        {
            parts.Add(room.Length == 0 ? "no room given" : $"in {room}");
        }

        return "was " + string.Join(", ", parts);
    }

    /// <summary>"Sep 3, 2025, 4:30 pm"</summary>
    public static string DateTime(DateTime local) =>
        local.ToString("MMM d, yyyy, h:mm ", En) + local.ToString("tt", En).ToLowerInvariant();

    /// <summary>
    /// An instant as staff read it, in the course's (or the portal's) zone with the zone named:
    /// "Dec 2, 2026, 4:30 pm (New York time)". Every time on staff and admin pages goes through this.
    /// </summary>
    public static string DateTimeIn(DateTime utc, TimeZoneInfo zone) =>
        $"{DateTime(CourseClock.ToLocal(utc, zone))} ({ZoneName(zone.Id)})";

    /// <summary>The machine-readable form of an instant, for a &lt;time datetime&gt; attribute: "2026-12-02T21:30:00Z".</summary>
    public static string IsoUtc(DateTime utc) => utc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>A count with its noun: "1 lecture", "3 lectures"; <paramref name="many"/> when the plural is not noun + s.</summary>
    public static string Count(int n, string one, string? many = null) =>
        n == 1 ? $"1 {one}" : $"{n.ToString(CultureInfo.InvariantCulture)} {many ?? one + "s"}";

    public static string DayName(DayOfWeek day) => En.DateTimeFormat.GetDayName(day);

    public static string ShortDayName(DayOfWeek day) => En.DateTimeFormat.GetAbbreviatedDayName(day);

    /// <summary>"Monday and Wednesday", "Tuesday, Thursday and Friday".</summary>
    public static string Days(Weekdays days)
    {
        var names = Days(days, DayName);
        return names.Count switch
        {
            0 => "",
            1 => names[0],
            _ => string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1],
        };
    }

    /// <summary>"Mon/Wed"</summary>
    public static string ShortDays(Weekdays days) => string.Join("/", Days(days, ShortDayName));

    public static IEnumerable<DayOfWeek> DaysOf(Weekdays days) =>
        Order.Where(o => days.HasFlag(o.Flag)).Select(o => o.Day);

    public static Weekdays ToFlag(DayOfWeek day) => Order.First(o => o.Day == day).Flag;

    /// <summary>"2.1 MB", "340 KB", "100 MB": binary units, as file managers show them.</summary>
    public static string FileSize(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(En, $"{bytes / 1024.0:0} KB"),
        < 1024L * 1024 * 1024 => string.Create(En, $"{bytes / (1024.0 * 1024):0.#} MB"),
        _ => string.Create(En, $"{bytes / (1024.0 * 1024 * 1024):0.#} GB"),
    };

    /// <summary>A readable zone name: "America/New_York" → "New York time".</summary>
    public static string ZoneName(string timeZoneId)
    {
        var city = timeZoneId[(timeZoneId.LastIndexOf('/') + 1)..].Replace('_', ' ');
        return timeZoneId.Contains('/', StringComparison.Ordinal) ? $"{city} time" : timeZoneId;
    }

    private static List<string> Days(Weekdays days, Func<DayOfWeek, string> name) =>
        DaysOf(days).Select(name).ToList();
}
