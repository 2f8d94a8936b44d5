namespace CoursePortal.Data;

/// <summary>
/// A file or link for the course or for one lecture. A file's bytes live in the file store under
/// their SHA-256; the public URL stays the same when the file is replaced.
/// </summary>
public class Material : IVersioned, ICourseItem
{
    public int Id { get; set; }
    public int CourseId { get; set; }
    public Course? Course { get; set; }

    /// <summary>The lecture it belongs to; null for course-level materials such as a book.</summary>
    public int? LectureId { get; set; }

    public Lecture? Lecture { get; set; }

    /// <summary>
    /// The coursework item it belongs to (a handout, the solutions, a submission link); public only once the item
    /// is too (<see cref="Courses.MaterialVisibility"/>).
    /// </summary>
    public int? CourseworkItemId { get; set; }

    public CourseworkItem? CourseworkItem { get; set; }
    public required string Title { get; set; }
    public MaterialKind Kind { get; set; }

    /// <summary>Target of a link material (http or https).</summary>
    public string? Url { get; set; }

    /// <summary>Original file name, cleaned; shown to people and used in the URL.</summary>
    public string? FileName { get; set; }

    /// <summary>Lower-case hex SHA-256 of the current file: its key in the file store.</summary>
    public string? FileHash { get; set; }

    public long? FileSize { get; set; }
    public string? ContentType { get; set; }

    /// <summary>A draft is never shown to the public.</summary>
    public bool IsDraft { get; set; }

    /// <summary>UTC instant from which the public sees it; null means at once.</summary>
    public DateTime? VisibleFrom { get; set; }

    public int SortOrder { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public Guid Version { get; set; }

    public List<MaterialVersion> Versions { get; } = [];
}

public enum MaterialKind
{
    File = 0,
    Link = 1,
}
