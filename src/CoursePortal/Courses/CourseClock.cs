namespace CoursePortal.Courses;

/// <summary>Turns the portal clock into a course's local dates and times, and back.</summary>
public static class CourseClock
{
    public static TimeZoneInfo Zone(string timeZoneId) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone) ? zone : TimeZoneInfo.Utc;

    public static DateTime LocalNow(this TimeProvider clock, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, zone);

    public static DateOnly Today(this TimeProvider clock, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(clock.LocalNow(zone));

    /// <summary>The UTC instant of a local date and time; a time skipped by a clock change counts as the hour after.</summary>
    public static DateTime ToUtc(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    /// <summary>A local date and time as an instant with the zone's offset on that date (what JSON and the page's datetime attributes show).</summary>
    public static DateTimeOffset ToInstant(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var utc = ToUtc(date, time, zone);
        return new DateTimeOffset(utc).ToOffset(zone.GetUtcOffset(utc));
    }

    /// <summary>The local date and time of a UTC instant.</summary>
    public static DateTime ToLocal(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    /// <summary>Every IANA zone id this machine knows, for pickers and validation.</summary>
    public static bool IsKnownZone(string? timeZoneId) =>
        !string.IsNullOrWhiteSpace(timeZoneId)
        && TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone)
        && zone.HasIanaId;
}
