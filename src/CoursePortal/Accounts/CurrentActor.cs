using System.Security.Claims;

namespace CoursePortal.Accounts;

/// <summary>
/// Who is making the current change, for the audit log: the signed-in user of the request, or the person a background
/// job works for (<see cref="ActFor"/>); nobody otherwise.
/// </summary>
public sealed class CurrentActor(IHttpContextAccessor accessor)
{
    private (string Id, string Name)? actingFor;

    /// <summary>Makes this scope's saves audited under <paramref name="userId"/>: for work done in the background for someone.</summary>
    public void ActFor(string userId, string name) => actingFor = (userId, name);

    public string? UserId => actingFor?.Id ?? accessor.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier);

    public string Name
    {
        get
        {
            if (actingFor is { } who)
            {
                return who.Name;
            }

            var user = accessor.HttpContext?.User;
            return user?.FindFirstValue(PortalClaims.DisplayName) ?? user?.Identity?.Name ?? "";
        }
    }
}
