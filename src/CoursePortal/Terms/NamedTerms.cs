using CoursePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Terms;

/// <summary>
/// A course names its term; naming one that does not exist yet makes it, with the course's dates and no holidays
/// (as a course form, an archive import or a copy into "Spring 2027" always could). Run by <see cref="PortalDbContext"/>
/// before every save, so no path can store a course whose term is missing.
/// </summary>
public static class NamedTerms
{
    public static async Task AddMissingAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var named = db.ChangeTracker.Entries<Course>()
            .Where(e => e.State == EntityState.Added || (e.State == EntityState.Modified && e.Property(c => c.TermName).IsModified))
            .Select(e => e.Entity)
            .ToList();
        if (named.Count == 0)
        {
            return;
        }

        var tracked = db.ChangeTracker.Entries<Term>().Where(e => e.State != EntityState.Deleted).Select(e => e.Entity.Name).ToHashSet(StringComparer.Ordinal);
        var wanted = named.Select(c => c.TermName).Where(n => !tracked.Contains(n)).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return;
        }

        var stored = await db.Terms.Where(t => wanted.Contains(t.Name)).Select(t => t.Name).ToListAsync(cancellationToken);
        foreach (var name in wanted.Except(stored, StringComparer.Ordinal))
        {
            var courses = named.Where(c => c.TermName == name).ToList();
            db.Terms.Add(new Term { Name = name, StartDate = courses.Min(c => c.TermStart), EndDate = courses.Max(c => c.TermEnd) });
        }
    }
}
