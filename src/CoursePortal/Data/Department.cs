namespace CoursePortal.Data;

/// <summary>A department ("COS", Computer Science): groups courses, and has admins of its own.</summary>
public class Department : IVersioned
{
    public const int CodeMaxLength = 20;
    public const int NameMaxLength = 200;

    public int Id { get; set; }

    /// <summary>The registrar's short code, unique, as the import file names it.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public List<DepartmentAdmin> Admins { get; } = [];

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public Guid Version { get; set; }
}

/// <summary>Makes an account an admin of one department: its courses, their staff and rollovers.</summary>
public class DepartmentAdmin
{
    public int DepartmentId { get; set; }
    public Department? Department { get; set; }
    public required string UserId { get; set; }
    public PortalUser? User { get; set; }
    public DateTime CreatedAt { get; set; }
}
