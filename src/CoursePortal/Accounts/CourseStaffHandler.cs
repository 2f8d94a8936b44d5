using Microsoft.AspNetCore.Authorization;

namespace CoursePortal.Accounts;

/// <summary>
/// Requirement: the user may edit the course named by the route value <c>courseId</c>; with
/// <see cref="InstructorOnly"/>, may manage it (its Instructor or the admin).
/// </summary>
public sealed class CourseStaffRequirement(bool instructorOnly) : IAuthorizationRequirement
{
    public bool InstructorOnly { get; } = instructorOnly;
}

/// <summary>
/// Grants <see cref="CourseStaffRequirement"/> through <see cref="CourseAccess"/>. Every page under
/// <c>/Staff/Courses</c> has a <c>courseId</c> route value, so one convention protects all of them,
/// including pages added later.
/// </summary>
public sealed class CourseStaffHandler(CourseAccess access) : AuthorizationHandler<CourseStaffRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, CourseStaffRequirement requirement)
    {
        if (context.Resource is HttpContext http
            && http.GetRouteValue("courseId") is { } raw
            && int.TryParse(raw.ToString(), out var courseId)
            && await (requirement.InstructorOnly
                ? access.CanManageAsync(context.User, courseId, http.RequestAborted)
                : access.CanEditAsync(context.User, courseId, http.RequestAborted)))
        {
            context.Succeed(requirement);
        }
    }
}

/// <summary>Requirement: the user manages courses beyond their own (<see cref="CourseAccess.IsManagerAsync"/>).</summary>
public sealed class ManagerRequirement : IAuthorizationRequirement;

/// <summary>
/// Grants <see cref="ManagerRequirement"/> to the admin and to department admins: the whole <c>/Manage</c> folder. Which
/// courses a page then lists or changes is <see cref="CourseAccess.ManagedCourses"/>, never the page's own query.
/// </summary>
public sealed class ManagerHandler(CourseAccess access) : AuthorizationHandler<ManagerRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ManagerRequirement requirement)
    {
        var aborted = (context.Resource as HttpContext)?.RequestAborted ?? CancellationToken.None;
        if (await access.IsManagerAsync(context.User, aborted))
        {
            context.Succeed(requirement);
        }
    }
}
