namespace CoursePortal.Data;

/// <summary>
/// A one-time link: first-admin setup, staff invitation or password reset. Only the SHA-256 of the
/// token is stored, so the link can be shown once, when it is made, and never again.
/// </summary>
public class AccountToken
{
    public int Id { get; set; }
    public AccountTokenPurpose Purpose { get; set; }
    public required string TokenHash { get; set; }

    /// <summary>The invited address (invitations) or the account's address (resets).</summary>
    public string Email { get; set; } = "";

    /// <summary>The account a reset is for.</summary>
    public string? UserId { get; set; }

    /// <summary>The course an invitation assigns the new account to, with <see cref="CourseRole"/>.</summary>
    public int? CourseId { get; set; }

    public Course? Course { get; set; }
    public string? CourseRole { get; set; }
    public string? CreatedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }

    public bool IsUsableAt(DateTime utcNow) => UsedAt is null && RevokedAt is null && utcNow < ExpiresAt;
}

public enum AccountTokenPurpose
{
    Setup = 0,
    Invitation = 1,
    PasswordReset = 2,
}
