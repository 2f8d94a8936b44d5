using CoursePortal.Data;

namespace CoursePortal.Editing;

/// <summary>Checks shared by the forms that take a start and an end time.</summary>
public static class TimeRules
{
    /// <summary>Both or neither, and the end after the start.</summary>
    public static string? RangeProblem(TimeOnly? start, TimeOnly? end) => (start, end) switch
    {
        (null, null) => null,
        (null, _) or (_, null) => "Give both the start and the end time, or neither.",
        var (s, e) when e <= s => "The end must be after the start.",
        _ => null,
    };

    /// <summary>An end that may be left out (a deadline has none, an exam has one), after the start when given.</summary>
    public static string? OptionalEndProblem(TimeOnly start, TimeOnly? end) => end is null ? null : RangeProblem(start, end);

    /// <summary>Something that meets weekly meets on some day.</summary>
    public static string? DaysProblem(Weekdays days) => days == Weekdays.None ? "Choose at least one weekday." : null;
}
