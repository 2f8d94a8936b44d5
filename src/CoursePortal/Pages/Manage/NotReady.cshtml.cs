using CoursePortal.Accounts;
using CoursePortal.Data;
using CoursePortal.Terms;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Manage;

/// <summary>The courses of the upcoming term (or a chosen one) the user manages that are not ready, each with what fixes it.</summary>
public sealed class NotReadyModel(PortalDbContext db, CourseAccess access, TimeProvider clock) : PageModel
{
    /// <summary>The term shown; by default the next one to start after today.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Term { get; set; }

    public IReadOnlyList<Term> Terms { get; private set; } = [];

    public IReadOnlyList<Readiness.Entry> Courses { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Terms = await db.Terms.AsNoTracking().OrderBy(t => t.StartDate).ToListAsync(cancellationToken);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Term ??= Terms.FirstOrDefault(t => t.StartDate > today)?.Name;
        if (Term is not null)
        {
            Courses = await Readiness.NotReadyAsync(access.ManagedCourses(User).Where(c => c.TermName == Term), db, cancellationToken);
        }
    }
}
