using System.Security.Claims;
using CoursePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Accounts;

/// <summary>
/// The one answer to "may this user edit this course?" (the admin, an admin of its department, or staff assigned to
/// it), "may this user manage it?" (the admin, an admin of its department, or its Instructor) and "which courses and
/// departments does this user manage?" (what the /Manage pages list and act on).
/// </summary>
public sealed class CourseAccess(PortalDbContext db)
{
    public Task<bool> CanEditAsync(ClaimsPrincipal user, int courseId, CancellationToken cancellationToken) =>
        HasAsync(user, courseId, instructorOnly: false, cancellationToken);

    public Task<bool> CanManageAsync(ClaimsPrincipal user, int courseId, CancellationToken cancellationToken) =>
        HasAsync(user, courseId, instructorOnly: true, cancellationToken);

    private async Task<bool> HasAsync(ClaimsPrincipal user, int courseId, bool instructorOnly, CancellationToken cancellationToken)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return false;
        }

        if (user.IsInRole(StaffRoles.Admin))
        {
            return true;
        }

        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        return userId is not null && (await db.CourseAssignments.AnyAsync(
                a => a.CourseId == courseId && a.UserId == userId && (!instructorOnly || a.Role == StaffRoles.Instructor), cancellationToken)
            || await ManagedCourses(user).AnyAsync(c => c.Id == courseId, cancellationToken));
    }

    /// <summary>Whether the user manages any courses beyond their own: the admin, or an admin of a department.</summary>
    public async Task<bool> IsManagerAsync(ClaimsPrincipal user, CancellationToken cancellationToken) =>
        user.Identity?.IsAuthenticated == true
        && (user.IsInRole(StaffRoles.Admin) || await ManagedDepartments(user).AnyAsync(cancellationToken));

    /// <summary>The departments the user manages: all for the admin, their own for a department admin, else none.</summary>
    public IQueryable<Department> ManagedDepartments(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return db.Departments.Where(d => false);
        }

        if (user.IsInRole(StaffRoles.Admin))
        {
            return db.Departments;
        }

        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        return db.Departments.Where(d => d.Admins.Any(a => a.UserId == userId));
    }

    /// <summary>
    /// Whether the user may move a course from department <paramref name="from"/> to <paramref name="to"/> (null: none):
    /// the admin always; a department admin from none or one they manage, into one they manage (never out to none,
    /// where they would lose it); anyone else never.
    /// </summary>
    public async Task<bool> CanMoveAsync(ClaimsPrincipal user, int? from, int? to, CancellationToken cancellationToken)
    {
        if (from == to || (user.Identity?.IsAuthenticated == true && user.IsInRole(StaffRoles.Admin)))
        {
            return true;
        }

        if (to is not { } target)
        {
            return false;
        }

        var managed = await ManagedDepartments(user).Select(d => d.Id).ToListAsync(cancellationToken);
        return managed.Contains(target) && (from is null || managed.Contains(from.Value));
    }

    /// <summary>The courses the user manages as admin or department admin (not those they only teach).</summary>
    public IQueryable<Course> ManagedCourses(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated == true && user.IsInRole(StaffRoles.Admin))
        {
            return db.Courses;
        }

        var departments = ManagedDepartments(user).Select(d => d.Id);
        return db.Courses.Where(c => c.DepartmentId != null && departments.Contains(c.DepartmentId.Value));
    }
}
