using System.Globalization;
using System.Text.Json;
using CoursePortal.Courses;
using CoursePortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CoursePortal.Editing;

/// <summary>
/// Explains an optimistic-concurrency conflict in words: who saved this item while you were editing,
/// and every field that differs from what your form was built from (its stored values travel with the
/// form as a snapshot), so a second save replaces their changes knowingly, never silently.
/// </summary>
public static class Concurrency
{
    /// <summary>The stored values of an item as an edit form shows them, to send along with the form.</summary>
    public static string Snapshot(EntityEntry entry) =>
        JsonSerializer.Serialize(Shown(entry.Metadata.GetProperties()).ToDictionary(p => p.Name, p => Format(entry.Property(p.Name).CurrentValue)));

    /// <summary>The values <paramref name="stored"/> holds now, as a snapshot.</summary>
    public static string Snapshot(PropertyValues stored) =>
        JsonSerializer.Serialize(Shown(stored.Properties).ToDictionary(p => p.Name, p => Format(stored[p])));

    public static async Task<(string Message, Guid? CurrentVersion, string? CurrentSnapshot)> DescribeAsync(
        DbUpdateConcurrencyException conflict, PortalDbContext db, string label, TimeZoneInfo zone, string? original, CancellationToken cancellationToken)
    {
        var entry = conflict.Entries[0];
        var stored = await entry.GetDatabaseValuesAsync(cancellationToken);
        var (who, when) = await LastChangeAsync(db, entry, zone, stored is null ? "Delete" : null, cancellationToken);
        if (stored is null)
        {
            return ($"{who} deleted this {label}{when} while you were editing it, so your changes were not saved. What you typed is still in the form.", null, null);
        }

        var before = Parse(original);
        var changes = Shown(stored.Properties)
            .Select(p => (Name: FieldName(p.Name), Loaded: before?.GetValueOrDefault(p.Name), Now: Format(stored[p]), Yours: Format(entry.CurrentValues[p])))
            .Where(c => before is null ? c.Now != c.Yours : c.Now != c.Loaded)
            .Select(c => before is null ? $"{c.Name} is now {Quote(c.Now)}" : $"{c.Name} is now {Quote(c.Now)} (your form was opened with {Quote(c.Loaded)})")
            .ToList();
        var change = changes.Count > 0 ? $" Changed since you opened the form: {string.Join("; ", changes)}." : "";

        return ($"{who} saved this {label}{when} while you were editing it, so your save was refused.{change} " +
                "Your changes are still in the form: save again to replace theirs, or reload the page to start from theirs.",
            (Guid)stored[nameof(IVersioned.Version)]!, Snapshot(stored));
    }

    /// <summary>Who last changed (or, with <paramref name="action"/>, deleted) an item, from the audit log: "Ada" and " at 10 Sep 2025 14:03".</summary>
    public static async Task<(string Who, string When)> LastChangeAsync(PortalDbContext db, EntityEntry entry, TimeZoneInfo zone, string? action, CancellationToken cancellationToken)
    {
        var id = Convert.ToString(entry.Property("Id").CurrentValue, CultureInfo.InvariantCulture) ?? "";
        return await LastChangeAsync(db, entry.Metadata.ClrType.Name, id, null, zone, action, cancellationToken)
            ?? ("Someone else", "");
    }

    /// <summary>The last audit entry of an item of a course, or null when the log has none.</summary>
    public static async Task<(string Who, string When)?> LastChangeAsync(
        PortalDbContext db, string entityType, string id, int? courseId, TimeZoneInfo zone, string? action, CancellationToken cancellationToken)
    {
        var last = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == entityType && a.EntityId == id && (courseId == null || a.CourseId == courseId) && (action == null || a.Action == action))
            .OrderByDescending(a => a.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return last is null ? null : (last.UserName, $" at {Formats.DateTimeIn(last.At, zone)}");
    }

    private static IEnumerable<IProperty> Shown(IEnumerable<IProperty> properties) =>
        properties.Where(p => p.Name is "LectureId" or "CourseworkItemId" || (!Audit.AuditRecorder.Hidden.Contains(p.Name) && !p.IsShadowProperty() && !p.IsForeignKey()));

    private static Dictionary<string, string>? Parse(string? snapshot)
    {
        if (string.IsNullOrEmpty(snapshot))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(snapshot);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>"NotesMarkdown" → "Notes", "CancellationNote" → "Cancellation note".</summary>
    private static string FieldName(string property)
    {
        var name = property.EndsWith("Markdown", StringComparison.Ordinal) ? property[..^"Markdown".Length] : property;
        var words = string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));
        return words;
    }

    private static string Quote(string? value) => string.IsNullOrEmpty(value) ? "empty" : $"“{(value.Length > 120 ? value[..117] + "…" : value)}”";

    private static string Format(object? value) => value switch
    {
        null => "",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        bool b => b ? "yes" : "no",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
