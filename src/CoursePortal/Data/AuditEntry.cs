namespace CoursePortal.Data;

/// <summary>Who changed what, when: one row per create, update or delete.</summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string? UserId { get; set; }
    public string UserName { get; set; } = "";
    public int? CourseId { get; set; }
    public required string EntityType { get; set; }
    public required string EntityId { get; set; }
    public required string Action { get; set; }

    /// <summary>Readable change list, e.g. "Topic: Optimization → Optimization theory".</summary>
    public string Summary { get; set; } = "";
}
