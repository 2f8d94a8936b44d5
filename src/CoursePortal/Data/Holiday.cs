namespace CoursePortal.Data;

/// <summary>A day or range of days (inclusive) on which the course does not meet.</summary>
public class Holiday : ICourseItem
{
    public int Id { get; set; }
    public int CourseId { get; set; }
    public Course? Course { get; set; }
    public const int NameMaxLength = 200;

    public required string Name { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }

    /// <summary>Set on a term holiday as a course sees it (never stored on a course's own).</summary>
    public int? TermHolidayId { get; set; }

    /// <summary>Whether this is the term's, shared by all its courses, rather than the course's own.</summary>
    public bool IsTerms => TermHolidayId is not null;

    public bool Contains(DateOnly date) => date >= StartDate && date <= EndDate;
}
