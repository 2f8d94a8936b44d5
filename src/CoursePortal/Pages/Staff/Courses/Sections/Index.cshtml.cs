using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Editing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Staff.Courses.Sections;

/// <summary>The course's precepts, labs and recitations in week order, with who leads them.</summary>
public sealed class IndexModel(PortalDbContext db) : CoursePageModel(db)
{
    public IReadOnlyList<Section> Sections { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int courseId, CancellationToken cancellationToken)
    {
        if (!await LoadCourseAsync(courseId, cancellationToken))
        {
            return NotFound();
        }

        Sections = (await Db.Sections.AsNoTracking().Include(s => s.Leaders).ThenInclude(l => l.StaffMember)
                .Where(s => s.CourseId == courseId).ToListAsync(cancellationToken))
            .InWeekOrder()
            .ToList();
        return Page();
    }

    public Task<IActionResult> OnPostDeleteAsync(int courseId, int id, CancellationToken cancellationToken) =>
        DeleteAsync<Section>(courseId, id, s => $"Deleted the section “{s.Name}”.", cancellationToken);
}
