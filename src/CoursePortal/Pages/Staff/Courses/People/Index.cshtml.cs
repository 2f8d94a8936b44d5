using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Editing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Staff.Courses.People;

/// <summary>
/// The staff shown on the course page, in order, with their office hours. Who is listed is changed on
/// <see cref="EditModel"/> (Instructors only); office hours here and on <see cref="OfficeHourModel"/> (TAs too).
/// </summary>
public sealed class IndexModel(PortalDbContext db) : CoursePageModel(db)
{
    public IReadOnlyList<StaffMember> Staff { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int courseId, CancellationToken cancellationToken)
    {
        if (!await LoadCourseAsync(courseId, cancellationToken))
        {
            return NotFound();
        }

        Staff = await Db.StaffMembers.AsNoTracking().Include(s => s.OfficeHours).Include(s => s.User)
            .Where(s => s.CourseId == courseId)
            .InListOrder()
            .ToListAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteHourAsync(int courseId, int id, CancellationToken cancellationToken)
    {
        var hour = await Db.OfficeHours.SingleOrDefaultAsync(o => o.Id == id && o.StaffMember!.CourseId == courseId, cancellationToken);
        if (hour is null)
        {
            return NotFound();
        }

        if (await ChangedSinceListedAsync(hour, cancellationToken) is { } refused)
        {
            TempData["Flash"] = refused;
            return RedirectToPage(new { courseId });
        }

        Db.OfficeHours.Remove(hour);
        await Db.SaveChangesAsync(cancellationToken);
        TempData["Flash"] = "Office hour removed.";
        return RedirectToPage(new { courseId });
    }
}
