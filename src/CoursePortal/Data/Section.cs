namespace CoursePortal.Data;

/// <summary>A precept, lab or recitation: it meets weekly on its days over the term, holidays excepted.</summary>
public class Section : IVersioned, ICourseItem
{
    public const int NameMaxLength = 100;
    public const int RoomMaxLength = 200;
    public const int NoteMaxLength = 500;

    public int Id { get; set; }
    public int CourseId { get; set; }
    public Course? Course { get; set; }

    /// <summary>e.g. "Precept P01" or "Lab 2".</summary>
    public required string Name { get; set; }

    public Weekdays Days { get; set; }
    public TimeOnly StartTime { get; set; }
    public TimeOnly EndTime { get; set; }
    public string? Room { get; set; }
    public string Note { get; set; } = "";

    /// <summary>The course staff who lead it.</summary>
    public List<SectionLeader> Leaders { get; } = [];

    /// <summary>Its calendar event's SEQUENCE, raised on every change, so calendar clients replace their copy.</summary>
    public int Sequence { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public Guid Version { get; set; }
}

/// <summary>One staff member leading one section.</summary>
public class SectionLeader
{
    public int SectionId { get; set; }
    public Section? Section { get; set; }
    public int StaffMemberId { get; set; }
    public StaffMember? StaffMember { get; set; }
}
