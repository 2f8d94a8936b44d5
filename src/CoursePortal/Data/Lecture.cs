namespace CoursePortal.Data;

/// <summary>One dated class meeting. Its number (Lecture 1, 2, …) follows from the order of dates.</summary>
public class Lecture : IVersioned, ICourseItem
{
    public int Id { get; set; }
    public int CourseId { get; set; }
    public Course? Course { get; set; }
    public DateOnly Date { get; set; }

    /// <summary>Overrides the course's meeting start for this lecture.</summary>
    public TimeOnly? StartTime { get; set; }

    /// <summary>Overrides the course's meeting end for this lecture.</summary>
    public TimeOnly? EndTime { get; set; }

    /// <summary>Overrides the course's location for this lecture.</summary>
    public string? Room { get; set; }

    public required string Topic { get; set; }
    public string NotesMarkdown { get; set; } = "";
    public LectureStatus Status { get; set; }

    /// <summary>Shown with a cancelled lecture, e.g. "Instructor ill".</summary>
    public string CancellationNote { get; set; } = "";

    /// <summary>Raised on every change, for calendar clients (iCalendar SEQUENCE).</summary>
    public int Sequence { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public Guid Version { get; set; }

    public List<Material> Materials { get; } = [];
}

public enum LectureStatus
{
    Scheduled = 0,
    Cancelled = 1,
}
