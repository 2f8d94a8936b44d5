using CoursePortal.Accounts;
using CoursePortal.Data;

namespace CoursePortal.Audit;

/// <summary>Records actions that are not row edits of course content, such as disabling an account.</summary>
public sealed class AuditLog(PortalDbContext db, CurrentActor actor, TimeProvider clock)
{
    /// <summary>Adds an entry to the context; it is written with the caller's next save.</summary>
    public void Record(string entityType, string entityId, string action, string summary, int? courseId = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            UserId = actor.UserId,
            UserName = actor.Name,
            CourseId = courseId,
            EntityType = entityType,
            EntityId = entityId,
            Action = action,
            Summary = summary,
        });
}
