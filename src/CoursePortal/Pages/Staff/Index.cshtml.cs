using CoursePortal.Accounts;
using CoursePortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Staff;

/// <summary>The staff dashboard: the courses I may edit (all of them for the admin).</summary>
public sealed class IndexModel(PortalDbContext db, UserManager<PortalUser> users) : PageModel
{
    public IReadOnlyList<(Course Course, string Role)> Courses { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var userId = users.GetUserId(User);
        if (User.IsInRole(StaffRoles.Admin))
        {
            var all = await db.Courses.AsNoTracking().OrderByDescending(c => c.TermStart).ThenBy(c => c.Code).ToListAsync(cancellationToken);
            Courses = all.Select(c => (c, StaffRoles.Admin)).ToList();
            return;
        }

        var mine = await db.CourseAssignments.AsNoTracking().Include(a => a.Course)
            .Where(a => a.UserId == userId)
            .ToListAsync(cancellationToken);
        Courses = mine.OrderByDescending(a => a.Course!.TermStart).Select(a => (a.Course!, a.Role)).ToList();
    }
}
