using System.Security.Claims;

namespace CoursePortal.Accounts;

/// <summary>Who is making the current change, for the audit log; nobody outside a signed-in request.</summary>
public sealed class CurrentActor(IHttpContextAccessor accessor)
{
    public string? UserId => accessor.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier);

    public string Name
    {
        get
        {
            var user = accessor.HttpContext?.User;
            return user?.FindFirstValue(PortalClaims.DisplayName) ?? user?.Identity?.Name ?? "";
        }
    }
}
