using System.Security.Claims;
using CoursePortal.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Accounts;

/// <summary>Requirement: the user may edit the course named by the route value <c>courseId</c>.</summary>
public sealed class CourseStaffRequirement : IAuthorizationRequirement;

/// <summary>
/// Grants <see cref="CourseStaffRequirement"/> to the admin and to accounts assigned to the course.
/// Every page under <c>/Staff/Courses</c> has a <c>courseId</c> route value, so one convention
/// protects all of them, including pages added later.
/// </summary>
public sealed class CourseStaffHandler(PortalDbContext db) : AuthorizationHandler<CourseStaffRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, CourseStaffRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return;
        }

        if (context.User.IsInRole(StaffRoles.Admin))
        {
            context.Succeed(requirement);
            return;
        }

        var http = context.Resource as HttpContext;
        var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (http?.GetRouteValue("courseId") is not { } raw || !int.TryParse(raw.ToString(), out var courseId) || userId is null)
        {
            return;
        }

        if (await db.CourseAssignments.AnyAsync(a => a.CourseId == courseId && a.UserId == userId, http.RequestAborted))
        {
            context.Succeed(requirement);
        }
    }
}
