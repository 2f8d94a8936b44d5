using System.Security.Claims;
using CoursePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Accounts;

/// <summary>The one answer to "may this user edit this course?": the admin, or staff assigned to it.</summary>
public sealed class CourseAccess(PortalDbContext db)
{
    public async Task<bool> CanEditAsync(ClaimsPrincipal user, int courseId, CancellationToken cancellationToken)
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
        return userId is not null && await db.CourseAssignments.AnyAsync(a => a.CourseId == courseId && a.UserId == userId, cancellationToken);
    }
}
