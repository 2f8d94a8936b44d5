namespace CoursePortal.Data;

/// <summary>Gives an account the right to edit one course.</summary>
public class CourseAssignment
{
    public int CourseId { get; set; }
    public Course? Course { get; set; }
    public required string UserId { get; set; }
    public PortalUser? User { get; set; }

    /// <summary>"Instructor" or "TA".</summary>
    public required string Role { get; set; }

    public DateTime CreatedAt { get; set; }
}
