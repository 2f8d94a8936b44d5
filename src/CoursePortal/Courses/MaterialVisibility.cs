using System.Linq.Expressions;
using CoursePortal.Data;

namespace CoursePortal.Courses;

/// <summary>
/// Which materials the public sees, the one rule that the course page, the file downloads, the feeds and the
/// search (in its SQL, Search/SearchQueries.cs) follow: not a draft, past its own release time, and, when it
/// belongs to a coursework item, past the item's release time too (a handout of an assignment not yet out is
/// as hidden as the assignment).
/// </summary>
public static class MaterialVisibility
{
    public static Expression<Func<Material, bool>> PublicAt(DateTime nowUtc) => m =>
        !m.IsDraft
        && (m.VisibleFrom == null || m.VisibleFrom <= nowUtc)
        && (m.CourseworkItemId == null || m.CourseworkItem!.ReleaseAt == null || m.CourseworkItem.ReleaseAt <= nowUtc);
}
