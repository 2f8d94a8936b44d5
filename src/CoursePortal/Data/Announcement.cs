namespace CoursePortal.Data;

/// <summary>A dated message to students; hidden until <see cref="PublishAt"/>.</summary>
public class Announcement : IVersioned, ICourseItem
{
    public int Id { get; set; }
    public int CourseId { get; set; }
    public Course? Course { get; set; }
    public required string Title { get; set; }
    public string BodyMarkdown { get; set; } = "";

    /// <summary>UTC instant it becomes public; null keeps it a draft.</summary>
    public DateTime? PublishAt { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public Guid Version { get; set; }

    public bool IsPublicAt(DateTime utcNow) => PublishAt is { } at && at <= utcNow;
}
