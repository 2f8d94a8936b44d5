using Microsoft.AspNetCore.Identity;

namespace CoursePortal.Data;

/// <summary>A staff or admin account. Students never sign in.</summary>
public class PortalUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>A disabled account cannot sign in; its history stays.</summary>
    public bool IsDisabled { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// The single sign-on provider whose admin claim made this account an admin, or null when the admin role was given
    /// in the portal: only a role the provider gave is taken away when the provider stops sending the claim.
    /// </summary>
    public string? AdminGrantedBy { get; set; }
}
