namespace CoursePortal.Data;

/// <summary>A person shown on the course page; may be linked to a sign-in account.</summary>
public class StaffMember : IVersioned, ICourseItem
{
    public int Id { get; set; }
    public int CourseId { get; set; }
    public Course? Course { get; set; }
    public required string Name { get; set; }

    /// <summary>Shown as written, and used to group staff: "Instructor", "Teaching assistant", …</summary>
    public required string Role { get; set; }

    public string Email { get; set; } = "";
    public int SortOrder { get; set; }

    /// <summary>The account of this person, when they have one.</summary>
    public string? UserId { get; set; }

    public PortalUser? User { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public Guid Version { get; set; }

    public List<OfficeHour> OfficeHours { get; } = [];
}
