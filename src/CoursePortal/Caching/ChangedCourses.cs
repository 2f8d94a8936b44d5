using CoursePortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CoursePortal.Caching;

/// <summary>Which courses a save touches, read from the change tracker, so their cached pages can be evicted.</summary>
public static class ChangedCourses
{
    /// <summary>Course ids of changed rows (before the save; deleted rows leave the tracker after it) and whether the course list changed.</summary>
    public static (HashSet<int> CourseIds, bool List, List<int> StaffIds, List<int> MaterialIds) Capture(ChangeTracker tracker)
    {
        var courses = new HashSet<int>();
        var staff = new List<int>();
        var materials = new List<int>();
        var list = false;
        foreach (var entry in tracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            switch (entry.Entity)
            {
                case Course course:
                    list = true;
                    if (course.Id > 0)
                    {
                        courses.Add(course.Id);
                    }

                    break;
                case Department:
                    // The front page names departments and filters by them.
                    list = true;
                    break;
                case StaffMember member:
                    // The front page finds courses by their staff's names.
                    list = true;
                    if (member.CourseId > 0)
                    {
                        courses.Add(member.CourseId);
                    }

                    break;
                case OfficeHour hour:
                    staff.Add(hour.StaffMemberId);
                    break;
                case MaterialVersion version:
                    materials.Add(version.MaterialId);
                    break;
                default:
                    if (entry.Metadata.FindProperty("CourseId") is not null && entry.Property("CourseId").CurrentValue is int id && id > 0)
                    {
                        courses.Add(id);
                    }

                    break;
            }
        }

        return (courses, list, staff, materials);
    }

    /// <summary>The tags to evict once the save is done (new rows have their keys then).</summary>
    public static async Task<List<string>> TagsAsync(
        PortalDbContext db, (HashSet<int> CourseIds, bool List, List<int> StaffIds, List<int> MaterialIds) changed, IEnumerable<Course> addedCourses, CancellationToken cancellationToken)
    {
        var ids = new HashSet<int>(changed.CourseIds);
        ids.UnionWith(addedCourses.Select(c => c.Id));
        if (changed.StaffIds.Count > 0)
        {
            ids.UnionWith(await db.StaffMembers.Where(s => changed.StaffIds.Contains(s.Id)).Select(s => s.CourseId).ToListAsync(cancellationToken));
        }

        if (changed.MaterialIds.Count > 0)
        {
            ids.UnionWith(await db.Materials.Where(m => changed.MaterialIds.Contains(m.Id)).Select(m => m.CourseId).ToListAsync(cancellationToken));
        }

        var tags = ids.Select(PublicCache.CourseTag).ToList();
        if (changed.List)
        {
            tags.Add(PublicCache.ListTag);
        }

        return tags;
    }
}
