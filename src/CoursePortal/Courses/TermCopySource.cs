using CoursePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Courses;

/// <summary>Everything <see cref="TermCopy"/> takes from a course, read untracked; coursework and sections belong to it by key only.</summary>
public sealed record TermCopySource(Course Course, IReadOnlyList<CourseworkItem> Coursework, IReadOnlyList<Section> Sections)
{
    public static async Task<TermCopySource> LoadAsync(PortalDbContext db, int courseId, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().AsSplitQuery()
            .Include(c => c.Lectures)
            .Include(c => c.Staff).ThenInclude(s => s.OfficeHours)
            .Include(c => c.Materials).ThenInclude(m => m.Versions)
            .SingleAsync(c => c.Id == courseId, cancellationToken);
        var coursework = await db.CourseworkItems.AsNoTracking().Where(i => i.CourseId == courseId).ToListAsync(cancellationToken);
        var sections = await db.Sections.AsNoTracking().Include(s => s.Leaders).ThenInclude(l => l.StaffMember)
            .Where(s => s.CourseId == courseId).ToListAsync(cancellationToken);
        return new(course, coursework, sections);
    }
}
