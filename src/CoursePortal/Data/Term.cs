namespace CoursePortal.Data;

/// <summary>
/// A term of the university ("Fall 2026"): its dates and the holidays every course of the term keeps. Courses name it
/// by <see cref="Name"/>, as the registrar's file does, so the name is the term's key and does not change once saved
/// (a mistyped term without courses is deleted and made again).
/// </summary>
public class Term : IVersioned
{
    public int Id { get; set; }

    public required string Name { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }

    public List<TermHoliday> Holidays { get; } = [];

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public Guid Version { get; set; }
}

/// <summary>A university holiday or break of a term (inclusive), shared by all the term's courses.</summary>
public class TermHoliday
{
    public int Id { get; set; }
    public int TermId { get; set; }
    public Term? Term { get; set; }

    public required string Name { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }

    /// <summary>The same days as one of the course's own holidays, as every schedule reads them.</summary>
    public Holiday ForCourse(int courseId) => new() { CourseId = courseId, Name = Name, StartDate = StartDate, EndDate = EndDate, TermHolidayId = Id };
}
