using CoursePortal.Terms;
using CoursePortal.Accounts;
using CoursePortal.Courses;
using CoursePortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Staff;

/// <summary>The staff dashboard: the courses I may edit (all of them for the admin).</summary>
public sealed class IndexModel(PortalDbContext db, UserManager<PortalUser> users) : PageModel
{
    /// <summary>My courses with my role in each, and whether that role manages the course (see <see cref="CourseRights"/>).</summary>
    public IReadOnlyList<(Course Course, string Role, bool MayManage)> Courses { get; private set; } = [];

    public Dictionary<int, IReadOnlyList<ScheduleCheck.Finding>> Findings { get; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var userId = users.GetUserId(User);
        if (User.IsInRole(StaffRoles.Admin))
        {
            var all = await db.Courses.AsNoTracking().OrderByDescending(c => c.TermStart).ThenBy(c => c.Code).ToListAsync(cancellationToken);
            Courses = all.Select(c => (c, StaffRoles.Admin, true)).ToList();
        }
        else
        {
            var mine = await db.CourseAssignments.AsNoTracking().Include(a => a.Course)
                .Where(a => a.UserId == userId)
                .ToListAsync(cancellationToken);
            Courses = mine.OrderByDescending(a => a.Course!.TermStart).Select(a => (a.Course!, a.Role, a.Role == StaffRoles.Instructor)).ToList();
        }

        // One query per kind for all courses together, not one per course.
        var ids = Courses.Select(c => c.Course.Id).ToList();
        var lectures = (await db.Lectures.AsNoTracking().Where(l => ids.Contains(l.CourseId)).ToListAsync(cancellationToken)).ToLookup(l => l.CourseId);
        var holidays = await CourseHolidays.ForCoursesAsync(db, ids, cancellationToken);
        var coursework = (await db.CourseworkItems.AsNoTracking().Where(i => ids.Contains(i.CourseId)).ToListAsync(cancellationToken)).ToLookup(i => i.CourseId);
        var sections = (await db.Sections.AsNoTracking().Where(s => ids.Contains(s.CourseId)).ToListAsync(cancellationToken)).ToLookup(s => s.CourseId);
        foreach (var (course, _, _) in Courses)
        {
            Findings[course.Id] = ScheduleCheck.Run(course, lectures[course.Id], holidays[course.Id], coursework[course.Id], sections[course.Id]);
        }
    }
}
