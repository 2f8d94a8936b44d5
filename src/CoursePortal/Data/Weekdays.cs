namespace CoursePortal.Data;

/// <summary>A set of weekdays, stored as bit flags (Monday = 1 … Sunday = 64).</summary>
[Flags]
#pragma warning disable CA1714 // "Weekdays" reads better than "WeekdaysFlags" in the model and the database.
public enum Weekdays
#pragma warning restore CA1714
{
    None = 0,
    Monday = 1,
    Tuesday = 2,
    Wednesday = 4,
    Thursday = 8,
    Friday = 16,
    Saturday = 32,
    Sunday = 64,
}
