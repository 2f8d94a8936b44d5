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
}
