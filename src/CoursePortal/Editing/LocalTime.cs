using CoursePortal.Courses;

namespace CoursePortal.Editing;

/// <summary>Converts between the UTC instants in the database and the course-local date-times in forms.</summary>
public static class LocalTime
{
    public static DateTime? ToLocal(DateTime? utc, TimeZoneInfo zone) =>
        utc is { } value ? CourseClock.ToLocal(value, zone) : null;

    public static DateTime? ToUtc(DateTime? local, TimeZoneInfo zone) =>
        local is { } value ? CourseClock.ToUtc(DateOnly.FromDateTime(value), TimeOnly.FromDateTime(value), zone) : null;
}
