using CoursePortal.Data;
using CoursePortal.Editing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Staff.Courses;

/// <summary>The course's change log: who changed what, when.</summary>
public sealed class AuditModel(PortalDbContext db) : CoursePageModel(db)
{
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int courseId, CancellationToken cancellationToken)
    {
        if (!await LoadCourseAsync(courseId, cancellationToken))
        {
            return NotFound();
        }

        Entries = await Db.AuditEntries.AsNoTracking().Where(e => e.CourseId == courseId)
            .OrderByDescending(e => e.Id).Take(500).ToListAsync(cancellationToken);
        return Page();
    }
}
