using System.Globalization;
using CoursePortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CoursePortal.Audit;

/// <summary>
/// Turns tracked changes into readable audit entries ("Topic: 'A' → 'B'"). Called by
/// <see cref="PortalDbContext"/> on every save made by a signed-in user, so no page can forget it.
/// </summary>
public static class AuditRecorder
{
    private static readonly HashSet<Type> Audited =
    [
        typeof(Course), typeof(StaffMember), typeof(OfficeHour), typeof(Lecture), typeof(Holiday),
        typeof(Material), typeof(Announcement), typeof(CourseAssignment), typeof(CourseworkItem), typeof(Section),
        typeof(Term), typeof(TermHoliday), typeof(Department), typeof(DepartmentAdmin),
    ];

    /// <summary>Bookkeeping columns no person edits: left out of change summaries and of conflict messages.</summary>
    public static readonly IReadOnlySet<string> Hidden = new HashSet<string>(
        ["Id", "Version", "CreatedAt", "UpdatedAt", "Sequence", "CourseId", "FileHash", "ContentType",
            // A coursework item's "changed" marker, kept by Coursework.Reschedule: the date, time and room changes say it already.
            "PreviousDate", "PreviousTime", "PreviousRoom", "ChangedAt"], StringComparer.Ordinal);

    /// <summary>What a save is about to change, read before the save (deleted rows vanish from the tracker after it).</summary>
    public sealed record Pending(EntityEntry Entry, string EntityType, string Action, string Summary, int? CourseId);

    public static List<Pending> Capture(ChangeTracker tracker)
    {
        var pending = new List<Pending>();
        // After the entries of the rows themselves, so a new section's "Create" comes before its leaders.
        var leaders = new List<Pending>();
        foreach (var entry in tracker.Entries())
        {
            if (entry.Entity is SectionLeader leader)
            {
                if (LeaderChange(tracker, entry, leader) is { } change)
                {
                    leaders.Add(change);
                }

                continue;
            }

            if (!Audited.Contains(entry.Metadata.ClrType))
            {
                continue;
            }

            var action = entry.State switch
            {
                EntityState.Added => "Create",
                EntityState.Modified => "Update",
                EntityState.Deleted => "Delete",
                _ => null,
            };
            if (action is null)
            {
                continue;
            }

            var summary = entry.State == EntityState.Modified ? Changes(entry) : Snapshot(entry, entry.State == EntityState.Deleted);
            if (entry.State == EntityState.Modified && summary.Length == 0)
            {
                continue;
            }

            pending.Add(new Pending(entry, entry.Metadata.ClrType.Name, action, summary, CourseIdOf(entry)));
        }

        pending.AddRange(leaders);
        return pending;
    }

    /// <summary>Builds the entries once the save has given new rows their keys.</summary>
    public static async Task<List<AuditEntry>> CompleteAsync(
        IEnumerable<Pending> pending, PortalDbContext db, string? userId, string userName, DateTime now, CancellationToken cancellationToken)
    {
        var entries = new List<AuditEntry>();
        foreach (var p in pending)
        {
            var courseId = p.CourseId;
            // A row added with a new course had only a temporary course id before the save; read the real one now.
            if (p.Action == "Create" && p.Entry.State != EntityState.Detached && CourseIdOf(p.Entry) is { } saved)
            {
                courseId = saved;
            }

            if (courseId is null && p.Entry.Entity is OfficeHour hour)
            {
                courseId = db.StaffMembers.Local.FirstOrDefault(s => s.Id == hour.StaffMemberId)?.CourseId
                    ?? await db.StaffMembers.Where(s => s.Id == hour.StaffMemberId).Select(s => (int?)s.CourseId).FirstOrDefaultAsync(cancellationToken);
            }

            if (courseId is null && p.Entry.Entity is Course course)
            {
                courseId = course.Id;
            }

            entries.Add(new AuditEntry
            {
                At = now,
                UserId = userId,
                UserName = userName,
                CourseId = courseId,
                EntityType = p.EntityType,
                EntityId = p.Entry.Entity is SectionLeader leader ? leader.SectionId.ToString(CultureInfo.InvariantCulture) : KeyOf(p.Entry),
                Action = p.Action,
                Summary = p.Summary,
            });
        }

        return entries;
    }

    /// <summary>
    /// Who leads a section is part of the section: a leader added or removed is an update of the section, by name.
    /// Leaders going with their section are left to the section's own entry.
    /// </summary>
    private static Pending? LeaderChange(ChangeTracker tracker, EntityEntry entry, SectionLeader leader)
    {
        var change = entry.State switch
        {
            EntityState.Added => "Leader added",
            EntityState.Deleted => "Leader removed",
            _ => null,
        };
        var section = leader.Section ?? tracker.Entries<Section>().Select(e => e.Entity).FirstOrDefault(s => s.Id == leader.SectionId);
        if (change is null || section is null || tracker.Context.Entry(section).State == EntityState.Deleted)
        {
            return null;
        }

        var name = leader.StaffMember?.Name
            ?? tracker.Entries<StaffMember>().Select(e => e.Entity).FirstOrDefault(s => s.Id == leader.StaffMemberId)?.Name;
        var who = name is null ? $"staff member #{leader.StaffMemberId.ToString(CultureInfo.InvariantCulture)}" : Format(name);
        return new Pending(entry, nameof(Section), "Update", $"{change}: {who}", section.CourseId);
    }

    private static string Changes(EntityEntry entry) => string.Join("; ", entry.Properties
        .Where(p => p.IsModified && !Hidden.Contains(p.Metadata.Name) && !Equals(p.OriginalValue, p.CurrentValue))
        .Select(p => $"{p.Metadata.Name}: {Format(p.OriginalValue)} \u2192 {Format(p.CurrentValue)}"));

    private static string Snapshot(EntityEntry entry, bool original) => string.Join("; ", entry.Properties
        .Where(p => !Hidden.Contains(p.Metadata.Name))
        .Select(p => (p.Metadata.Name, Value: original ? p.OriginalValue : p.CurrentValue))
        .Where(x => x.Value is not null and not "")
        .Select(x => $"{x.Name} = {Format(x.Value)}"));

    private static int? CourseIdOf(EntityEntry entry) =>
        entry.Metadata.FindProperty("CourseId") is { } property ? entry.Property(property.Name).CurrentValue as int? : null;

    private static string KeyOf(EntityEntry entry) => string.Join("/",
        entry.Metadata.FindPrimaryKey()!.Properties.Select(p => Convert.ToString(entry.Property(p.Name).CurrentValue, CultureInfo.InvariantCulture)));

    private static string Format(object? value) => value switch
    {
        null => "(none)",
        string s when s.Length > 80 => $"'{s[..77]}…'",
        string s => $"'{s}'",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        bool b => b ? "yes" : "no",
        Weekdays w => w.ToString(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
