namespace CoursePortal.Data;

/// <summary>One offering of a course in one term: the unit that has a public page.</summary>
public class Course : IVersioned
{
    public int Id { get; set; }

    /// <summary>URL name, unique across the portal: <c>/{Slug}</c>.</summary>
    public required string Slug { get; set; }

    public required string Code { get; set; }
    public required string Title { get; set; }
    /// <summary>The <see cref="Data.Term"/> the course belongs to, by its name (the term's key).</summary>
    public required string TermName { get; set; }
    public Term? Term { get; set; }

    /// <summary>The course's first and last day of classes: its term's dates unless the course is shorter.</summary>
    public DateOnly TermStart { get; set; }
    public DateOnly TermEnd { get; set; }

    public int? DepartmentId { get; set; }
    public Department? Department { get; set; }

    /// <summary>The course this one was rolled over from, so a second rollover finds the copy instead of making another.</summary>
    public int? CopiedFromId { get; set; }

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
