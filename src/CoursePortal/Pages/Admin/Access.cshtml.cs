using CoursePortal.Accounts;
using CoursePortal.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Admin;

/// <summary>Which accounts may edit one course, and as what.</summary>
public sealed class AccessModel(PortalDbContext db, TimeProvider clock) : PageModel
{
    public Course Course { get; private set; } = null!;
    public IReadOnlyList<CourseAssignment> Assignments { get; private set; } = [];
    public IReadOnlyList<PortalUser> Others { get; private set; } = [];

    [BindProperty, System.ComponentModel.DataAnnotations.Display(Name = "Account")]
    public string? UserId { get; set; }

    [BindProperty, System.ComponentModel.DataAnnotations.Display(Name = "Role")]
    public string Role { get; set; } = StaffRoles.TeachingAssistant;

    public async Task<IActionResult> OnGetAsync(int courseId, CancellationToken cancellationToken) =>
        await LoadAsync(courseId, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAssignAsync(int courseId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(courseId, cancellationToken))
        {
            return NotFound();
        }

        if (UserId is null || Others.All(u => u.Id != UserId))
        {
            ModelState.AddModelError(nameof(UserId), "Choose an account that is not assigned yet.");
        }

        if (!StaffRoles.CourseRoles.Contains(Role))
        {
            ModelState.AddModelError(nameof(Role), "Choose Instructor or TA.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        db.CourseAssignments.Add(new CourseAssignment { CourseId = courseId, UserId = UserId!, Role = Role, CreatedAt = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(cancellationToken);
        TempData["Flash"] = "Access granted.";
        return RedirectToPage(new { courseId });
    }

    public async Task<IActionResult> OnPostRemoveAsync(int courseId, string userId, CancellationToken cancellationToken)
    {
        var assignment = await db.CourseAssignments.SingleOrDefaultAsync(a => a.CourseId == courseId && a.UserId == userId, cancellationToken);
        if (assignment is null)
        {
            return NotFound();
        }

        db.CourseAssignments.Remove(assignment);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Flash"] = "Access removed.";
        return RedirectToPage(new { courseId });
    }

    private async Task<bool> LoadAsync(int courseId, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().SingleOrDefaultAsync(c => c.Id == courseId, cancellationToken);
        if (course is null)
        {
            return false;
        }

        Course = course;
        Assignments = await db.CourseAssignments.AsNoTracking().Include(a => a.User)
            .Where(a => a.CourseId == courseId).OrderBy(a => a.User!.DisplayName).ToListAsync(cancellationToken);
        var assigned = Assignments.Select(a => a.UserId).ToHashSet();
        Others = (await db.Users.AsNoTracking().Where(u => !u.IsDisabled).OrderBy(u => u.DisplayName).ToListAsync(cancellationToken))
            .Where(u => !assigned.Contains(u.Id)).ToList();
        return true;
    }
}
