using System.Security.Claims;
using CoursePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Accounts;

/// <summary>
/// The one answer to "may this user edit this course?" (the admin, or staff assigned to it) and "may
/// this user manage it?" (the admin, or its Instructor).
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
        return userId is not null && await db.CourseAssignments.AnyAsync(
            a => a.CourseId == courseId && a.UserId == userId && (!instructorOnly || a.Role == StaffRoles.Instructor), cancellationToken);
    }
}
