using System.ComponentModel.DataAnnotations;
using CoursePortal.Accounts;
using CoursePortal.Audit;
using CoursePortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Manage;

/// <summary>
/// Which accounts may edit one course, and as what; people added by e-mail (an account is assigned, anyone else invited),
/// never chosen from a list of every account: a university has thousands, and a department admin need not see them. The one staff-access page of the
/// admin (every course) and of department admins (their departments' courses: any other answers 404).
/// </summary>
public sealed class AccessModel(PortalDbContext db, CourseAccess access, UserManager<PortalUser> users, AccountTokens tokens, AuditLog audit, TimeProvider clock) : PageModel
{
    public Course Course { get; private set; } = null!;
    public IReadOnlyList<CourseAssignment> Assignments { get; private set; } = [];
    [BindProperty, Display(Name = "Email")]
    public string? InviteEmail { get; set; }

    [BindProperty, Display(Name = "Role")]
    public string? InviteRole { get; set; } = StaffRoles.TeachingAssistant;

    /// <summary>The invitation link made by the last invite, shown once.</summary>
    [TempData]
    public string? NewLink { get; set; }

    [TempData]
    public string? NewLinkFor { get; set; }

    public async Task<IActionResult> OnGetAsync(int courseId, CancellationToken cancellationToken) =>
        await LoadAsync(courseId, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRemoveAsync(int courseId, string userId, CancellationToken cancellationToken)
    {
        var assignment = await LoadAsync(courseId, cancellationToken)
            ? await db.CourseAssignments.SingleOrDefaultAsync(a => a.CourseId == courseId && a.UserId == userId, cancellationToken)
            : null;
        if (assignment is null)
        {
            return NotFound();
        }

        db.CourseAssignments.Remove(assignment);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Flash"] = "Access removed.";
        return RedirectToPage(new { courseId });
    }

    /// <summary>Invites a new person to the course by e-mail; an address that has an account already is assigned at once.</summary>
    public async Task<IActionResult> OnPostInviteAsync(int courseId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(courseId, cancellationToken))
        {
            return NotFound();
        }

        var email = InviteEmail?.Trim() ?? "";
        if (email.Length == 0 || email.Length > 256 || !new EmailAddressAttribute().IsValid(email))
        {
            ModelState.AddModelError(nameof(InviteEmail), "Give the person's e-mail address, e.g. ada@example.edu.");
        }

        if (InviteRole is null || !StaffRoles.CourseRoles.Contains(InviteRole))
        {
            ModelState.AddModelError(nameof(InviteRole), "Choose Instructor or TA.");
        }

        var existing = ModelState.IsValid ? await users.FindByEmailAsync(email) : null;
        if (existing is not null && Assignments.Any(a => a.UserId == existing.Id))
        {
            ModelState.AddModelError(nameof(InviteEmail), $"{email} is assigned to this course already.");
        }
        else if (existing is { IsDisabled: true })
        {
            ModelState.AddModelError(nameof(InviteEmail), $"The account of {email} is disabled: an admin enables it again under Admin → Accounts first.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (existing is not null)
        {
            db.CourseAssignments.Add(new CourseAssignment { CourseId = courseId, UserId = existing.Id, Role = InviteRole!, CreatedAt = clock.GetUtcNow().UtcDateTime });
            await StaffListings.LinkAsync(db, existing, courseId, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            TempData["Flash"] = $"{email} has an account already: it is assigned as {InviteRole}.";
            return RedirectToPage(new { courseId });
        }

        var raw = await tokens.InviteAsync(email, courseId, InviteRole!, users.GetUserId(User), cancellationToken);
        audit.Record("Invitation", email, "Create", $"Invited {email} as {InviteRole}", courseId);
        await db.SaveChangesAsync(cancellationToken);
        NewLink = $"{Request.Scheme}://{Request.Host}{Request.PathBase}/{AccountTokens.InvitationPath(raw)}";
        NewLinkFor = $"Invitation for {email} as {InviteRole} (valid 7 days, works once)";
        return RedirectToPage(new { courseId });
    }

    private async Task<bool> LoadAsync(int courseId, CancellationToken cancellationToken)
    {
        var course = await access.ManagedCourses(User).AsNoTracking().SingleOrDefaultAsync(c => c.Id == courseId, cancellationToken);
        if (course is null)
        {
            return false;
        }

        Course = course;
        Assignments = await db.CourseAssignments.AsNoTracking().Include(a => a.User)
            .Where(a => a.CourseId == courseId).OrderBy(a => a.User!.DisplayName).ToListAsync(cancellationToken);
        return true;
    }
}
