using Microsoft.AspNetCore.Identity;

namespace CoursePortal.Data;

/// <summary>A staff or admin account. Students never sign in.</summary>
public class PortalUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>A disabled account cannot sign in; its history stays.</summary>
    public bool IsDisabled { get; set; }

    public DateTime CreatedAt { get; set; }
}
