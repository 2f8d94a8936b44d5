using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using CoursePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Accounts;

/// <summary>Makes and redeems one-time links. The raw token leaves this class only to be shown to the admin once.</summary>
public sealed class AccountTokens(PortalDbContext db, TimeProvider clock)
{
    public static readonly TimeSpan SetupLifetime = TimeSpan.FromHours(24);
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);
    public static readonly TimeSpan ResetLifetime = TimeSpan.FromHours(24);

    /// <summary>Stores <paramref name="token"/> with a fresh secret and returns the secret for the link.</summary>
    public async Task<string> IssueAsync(AccountToken token, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var raw = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow().UtcDateTime;
        token.TokenHash = Hash(raw);
        token.CreatedAt = now;
        token.ExpiresAt = now + lifetime;
        db.AccountTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return raw;
    }

    /// <summary>An invitation for <paramref name="email"/>, to <paramref name="courseId"/> as <paramref name="role"/> when a course is given; returns the secret for the link.</summary>
    public Task<string> InviteAsync(string email, int? courseId, string role, string? createdByUserId, CancellationToken cancellationToken) =>
        IssueAsync(new AccountToken
        {
            TokenHash = "",
            Purpose = AccountTokenPurpose.Invitation,
            Email = email,
            CourseId = courseId,
            CourseRole = courseId is null ? null : role,
            CreatedByUserId = createdByUserId,
        }, InvitationLifetime, cancellationToken);

    /// <summary>The unused, unrevoked, unexpired token for <paramref name="raw"/>, tracked so the caller can mark it used.</summary>
    public async Task<AccountToken?> FindUsableAsync(string? raw, AccountTokenPurpose purpose, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(raw) || raw.Length > 100)
        {
            return null;
        }

        var hash = Hash(raw);
        var token = await db.AccountTokens.SingleOrDefaultAsync(t => t.TokenHash == hash && t.Purpose == purpose, cancellationToken);
        return token is not null && token.IsUsableAt(clock.GetUtcNow().UtcDateTime) ? token : null;
    }

    public void MarkUsed(AccountToken token) => token.UsedAt = clock.GetUtcNow().UtcDateTime;

    private static string Hash(string raw) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw)));

    public static string SetupPath(string raw) => $"Account/Setup?token={raw}";

    public static string InvitationPath(string raw) => $"Account/Invitation?token={raw}";

    public static string ResetPath(string raw) => $"Account/Reset?token={raw}";
}
