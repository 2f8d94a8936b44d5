using System.Globalization;
using CoursePortal.Courses;
using CoursePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Editing;

/// <summary>Explains an optimistic-concurrency conflict in words: who saved what while you were editing.</summary>
public static class Concurrency
{
    private static readonly HashSet<string> Hidden = ["Id", "Version", "CreatedAt", "UpdatedAt", "Sequence", "CourseId"];

    public static async Task<(string Message, Guid? CurrentVersion)> DescribeAsync(
        DbUpdateConcurrencyException conflict, PortalDbContext db, string label, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var entry = conflict.Entries[0];
        var stored = await entry.GetDatabaseValuesAsync(cancellationToken);
        if (stored is null)
        {
            return ($"Someone else deleted this {label} while you were editing it, so your changes were not saved.", null);
        }

        var id = Convert.ToString(entry.Property("Id").CurrentValue, CultureInfo.InvariantCulture) ?? "";
        var type = entry.Metadata.ClrType.Name;
        var last = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == type && a.EntityId == id)
            .OrderByDescending(a => a.Id)
            .FirstOrDefaultAsync(cancellationToken);
        var who = last is null ? "Someone else" : last.UserName;
        var when = last is null ? "" : $" at {Formats.DateTime(CourseClock.ToLocal(last.At, zone))}";

        // The audit log knows exactly what they changed; without an entry, show where their version differs from yours.
        var differences = stored.Properties
            .Where(p => !Hidden.Contains(p.Name) && !Equals(stored[p], entry.CurrentValues[p]))
            .Select(p => $"{p.Name} is “{stored[p]}”")
            .ToList();
        var change = last is not null && last.Summary.Length > 0 ? $" Their change: {last.Summary}."
            : differences.Count > 0 ? $" Their version: {string.Join("; ", differences)}."
            : "";

        return ($"{who} saved this {label}{when} while you were editing it, so your save was refused.{change} " +
                "Your changes are still in the form: save again to replace theirs, or reload the page to start from theirs.",
            (Guid)stored[nameof(IVersioned.Version)]!);
    }
}
