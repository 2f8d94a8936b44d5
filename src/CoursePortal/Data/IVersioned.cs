namespace CoursePortal.Data;

/// <summary>
/// An entity with timestamps and an optimistic-concurrency token, all maintained by
/// <see cref="PortalDbContext"/> on save.
/// </summary>
public interface IVersioned
{
    DateTime CreatedAt { get; set; }
    DateTime UpdatedAt { get; set; }
    Guid Version { get; set; }
}
