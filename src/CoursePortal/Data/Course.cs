namespace CoursePortal.Data;

/// <summary>One offering of a course in one term: the unit that has a public page.</summary>
public class Course : IVersioned
{
    public int Id { get; set; }

    /// <summary>URL name, unique across the portal: <c>/{Slug}</c>.</summary>
    public required string Slug { get; set; }

    public required string Code { get; set; }
    public required string Title { get; set; }
    public required string TermName { get; set; }
    public DateOnly TermStart { get; set; }
    public DateOnly TermEnd { get; set; }

    /// <summary>IANA time zone in which every date and time of the course is entered and shown.</summary>
    public string TimeZoneId { get; set; } = "America/New_York";

    /// <summary>Where lectures normally take place.</summary>
    public string Location { get; set; } = "";

    public Weekdays MeetingDays { get; set; }
    public TimeOnly? MeetingStart { get; set; }
    public TimeOnly? MeetingEnd { get; set; }

    public string DescriptionMarkdown { get; set; } = "";
    public string PrerequisitesMarkdown { get; set; } = "";

    /// <summary>Unpublished courses are visible to their staff only.</summary>
    public bool IsPublished { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public Guid Version { get; set; }

    public List<StaffMember> Staff { get; } = [];
    public List<Lecture> Lectures { get; } = [];
    public List<Material> Materials { get; } = [];
    public List<Announcement> Announcements { get; } = [];
    public List<Holiday> Holidays { get; } = [];
    public List<CourseAssignment> Assignments { get; } = [];
}
