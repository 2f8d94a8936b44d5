using CoursePortal.Data;

namespace CoursePortal.Demo;

/// <summary>
/// The term a demo copy goes to: of the semesters a US university keeps (Spring January to May, Summer June to
/// mid-August, Fall after Labor Day to December 10, like the seed's), the one containing today or else the next,
/// with the usual days off.
/// </summary>
public sealed record DemoTerm(string Name, DateOnly Start, DateOnly End, IReadOnlyList<Holiday> Holidays)
{
    /// <summary>The term that contains <paramref name="today"/>, or between two terms the next one.</summary>
    public static DemoTerm For(DateOnly today) =>
        new[] { today.Year - 1, today.Year, today.Year + 1 }
            .SelectMany(year => new[] { Spring(year), Summer(year), Fall(year) })
            .First(term => term.End >= today);

    /// <summary>"fall-2026": the end of the copy's address name.</summary>
    public string SlugPart => Name.ToLowerInvariant().Replace(' ', '-');

    private static DemoTerm Spring(int year)
    {
        var breakMonday = NthWeekday(year, 3, DayOfWeek.Monday, 2);
        return new($"Spring {year}", NthWeekday(year, 1, DayOfWeek.Monday, 2), new DateOnly(year, 5, 8),
        [
            Day("Martin Luther King Jr. Day", NthWeekday(year, 1, DayOfWeek.Monday, 3)),
            new Holiday { Name = "Spring break", StartDate = breakMonday.AddDays(-2), EndDate = breakMonday.AddDays(6) },
        ]);
    }

    private static DemoTerm Summer(int year)
    {
        var start = new DateOnly(year, 6, 1);
        while (start.DayOfWeek != DayOfWeek.Monday)
        {
            start = start.AddDays(1);
        }

        return new($"Summer {year}", start, new DateOnly(year, 8, 14),
            [Day("Juneteenth", new DateOnly(year, 6, 19)), Day("Independence Day", new DateOnly(year, 7, 4))]);
    }

    private static DemoTerm Fall(int year)
    {
        var laborDay = NthWeekday(year, 9, DayOfWeek.Monday, 1);
        var recessMonday = NthWeekday(year, 10, DayOfWeek.Monday, 2);
        var thanksgiving = NthWeekday(year, 11, DayOfWeek.Thursday, 4);
        // As in the seed's Fall 2025: a week of recess in October, and Thanksgiving from the Wednesday to the Sunday.
        return new($"Fall {year}", laborDay.AddDays(1), new DateOnly(year, 12, 10),
        [
            new Holiday { Name = "Fall recess", StartDate = recessMonday.AddDays(-2), EndDate = recessMonday.AddDays(5) },
            new Holiday { Name = "Thanksgiving recess", StartDate = thanksgiving.AddDays(-1), EndDate = thanksgiving.AddDays(3) },
        ]);
    }

    private static Holiday Day(string name, DateOnly date) => new() { Name = name, StartDate = date, EndDate = date };

    private static DateOnly NthWeekday(int year, int month, DayOfWeek day, int n)
    {
        var first = new DateOnly(year, month, 1);
        return first.AddDays((((int)day - (int)first.DayOfWeek + 7) % 7) + (7 * (n - 1)));
    }
}
