using CoursePortal.Accounts;
using CoursePortal.Data;

namespace CoursePortal.Audit;

/// <summary>Records actions that are not row edits of course content, such as disabling an account.</summary>
public sealed class AuditLog(PortalDbContext db, CurrentActor actor, TimeProvider clock)
{
    /// <summary>Adds an entry to the context; it is written with the caller's next save.</summary>
    public void Record(string entityType, string entityId, string action, string summary, int? courseId = null) =>
        Record(actor.UserId, actor.Name, entityType, entityId, action, summary, courseId);

    /// <summary>An entry made by <paramref name="user"/> while they are not signed in yet (a first single sign-on).</summary>
    public void RecordBy(PortalUser user, string entityType, string entityId, string action, string summary, int? courseId = null) =>
        Record(user.Id, user.DisplayName, entityType, entityId, action, summary, courseId);

    private void Record(string? userId, string userName, string entityType, string entityId, string action, string summary, int? courseId) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            UserId = userId,
            UserName = userName,
            CourseId = courseId,
            EntityType = entityType,
            EntityId = entityId,
            Action = action,
            Summary = summary,
        });
}
