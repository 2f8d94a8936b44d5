using CoursePortal.Data;

namespace CoursePortal.Courses;

/// <summary>The class days a term's pattern gives: its weekdays between start and end, without holidays.</summary>
public static class MeetingPattern
{
    public static IReadOnlyList<DateOnly> Dates(DateOnly start, DateOnly end, Weekdays days, IEnumerable<Holiday> holidays) =>
        AllPatternDays(start, end, days).Where(d => !holidays.Any(h => h.Contains(d))).ToList();

    /// <summary>Pattern days that fall on a holiday, with the holiday, for previews ("Mon Oct 13: Fall recess").</summary>
    public static IReadOnlyList<(DateOnly Date, Holiday Holiday)> Skipped(DateOnly start, DateOnly end, Weekdays days, IEnumerable<Holiday> holidays)
    {
        var list = holidays.ToList();
        return AllPatternDays(start, end, days)
            .Select(d => (Date: d, Holiday: list.FirstOrDefault(h => h.Contains(d))))
            .Where(x => x.Holiday is not null)
            .Select(x => (x.Date, x.Holiday!))
            .ToList();
    }

    private static IEnumerable<DateOnly> AllPatternDays(DateOnly start, DateOnly end, Weekdays days)
    {
        if (days == Weekdays.None)
        {
            yield break;
        }

        for (var day = start; day <= end; day = day.AddDays(1))
        {
            if (days.HasFlag(Formats.ToFlag(day.DayOfWeek)))
            {
                yield return day;
            }
        }
    }
}
