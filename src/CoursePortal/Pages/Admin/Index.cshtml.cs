using System.ComponentModel.DataAnnotations;
using CoursePortal.Accounts;
using CoursePortal.Audit;
using CoursePortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Admin;

/// <summary>Accounts and invitations: invite, disable, enable, make reset links, revoke.</summary>
public sealed class IndexModel(PortalDbContext db, UserManager<PortalUser> users, AccountTokens tokens, AuditLog audit, SsoProviders sso, TimeProvider clock, Microsoft.Extensions.Options.IOptions<Hosting.PortalOptions> portal) : PageModel
{
    /// <summary>Portal-wide times (invitation expiry) are shown in the portal's zone.</summary>
    public TimeZoneInfo Zone { get; } = portal.Value.PortalZone();

    [BindProperty]
    public InviteInput Invite { get; set; } = new();

    public IReadOnlyList<AccountRow> Accounts { get; private set; } = [];
    public IReadOnlyList<AccountToken> Pending { get; private set; } = [];
    public IReadOnlyList<Course> Courses { get; private set; } = [];

    /// <summary>A link made by the last action, shown once.</summary>
    [TempData]
    public string? NewLink { get; set; }

    [TempData]
    public string? NewLinkFor { get; set; }

    /// <summary>One account as the table shows it; Logins are its linked single sign-on identities (provider, and the words shown).</summary>
    public sealed record AccountRow(PortalUser User, bool IsAdmin, IReadOnlyList<string> Courses, bool IsLockedOut, bool HasPassword, IReadOnlyList<(string Provider, string Name)> Logins, bool PasswordAllowed);

    public sealed class InviteInput
    {
        [Required, EmailAddress, StringLength(256), Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Display(Name = "Course")]
        public int? CourseId { get; set; }

        [Display(Name = "Role in the course")]
        public string Role { get; set; } = StaffRoles.TeachingAssistant;
    }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken cancellationToken)
    {
        var email = Invite.Email?.Trim() ?? "";
        if (ModelState.IsValid && await users.FindByEmailAsync(email) is not null)
        {
            ModelState.AddModelError("Invite.Email", "This address has an account already; assign it to a course on the course's access page.");
        }

        if (!StaffRoles.CourseRoles.Contains(Invite.Role))
        {
            ModelState.AddModelError("Invite.Role", "Choose Instructor or TA.");
        }

        if (Invite.CourseId is { } courseId && !await db.Courses.AnyAsync(c => c.Id == courseId, cancellationToken))
        {
            ModelState.AddModelError("Invite.CourseId", "Choose a course from the list.");
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        var raw = await tokens.InviteAsync(email, Invite.CourseId, Invite.Role, users.GetUserId(User), cancellationToken);
        audit.Record("Invitation", email, "Create", $"Invited {email}" + (Invite.CourseId is null ? "" : $" as {Invite.Role}"), Invite.CourseId);
        await db.SaveChangesAsync(cancellationToken);

        ShowLink(AccountTokens.InvitationPath(raw), $"Invitation for {email} (valid 7 days, works once)");
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken cancellationToken)
    {
        var token = await db.AccountTokens.SingleOrDefaultAsync(t => t.Id == id && t.Purpose != AccountTokenPurpose.Setup, cancellationToken);
        if (token is null)
        {
            return NotFound();
        }

        token.RevokedAt ??= clock.GetUtcNow().UtcDateTime;
        audit.Record("Invitation", token.Email, "Revoke", $"Revoked the {token.Purpose} link for {token.Email}", token.CourseId);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Flash"] = $"The link for {token.Email} no longer works.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDisableAsync(string id, CancellationToken cancellationToken) =>
        await SetDisabledAsync(id, disabled: true, cancellationToken);

    public async Task<IActionResult> OnPostEnableAsync(string id, CancellationToken cancellationToken) =>
        await SetDisabledAsync(id, disabled: false, cancellationToken);

    public async Task<IActionResult> OnPostResetLinkAsync(string id, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return NotFound();
        }

        if (!sso.Settings.AllowsPassword(user.Email))
        {
            TempData["Flash"] = $"Passwords are turned off for {user.Email}: it signs in with single sign-on only.";
            return RedirectToPage();
        }

        var raw = await tokens.IssueAsync(new AccountToken
        {
            TokenHash = "",
            Purpose = AccountTokenPurpose.PasswordReset,
            Email = user.Email ?? "",
            UserId = user.Id,
            CreatedByUserId = users.GetUserId(User),
        }, AccountTokens.ResetLifetime, cancellationToken);
        audit.Record("Account", user.Email ?? user.Id, "Reset", $"Made a password-reset link for {user.Email}");
        await db.SaveChangesAsync(cancellationToken);
        ShowLink(AccountTokens.ResetPath(raw), $"Password reset for {user.Email} (valid 24 hours, works once)");
        return RedirectToPage();
    }

    /// <summary>Unlinks one single sign-on identity; the account's sessions end, and the person links again at the next sign-in by the usual rules.</summary>
    public async Task<IActionResult> OnPostUnlinkAsync(string id, string provider, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(id);
        var login = user is null ? null : (await users.GetLoginsAsync(user)).FirstOrDefault(l => l.LoginProvider == provider);
        if (user is null || login is null)
        {
            return NotFound();
        }

        var name = sso.Settings.LoginName(login.LoginProvider, login.ProviderDisplayName);
        // The unlink, the admin role its provider gave, and their audit entries: all or nothing.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var removed = await users.RemoveLoginAsync(user, login.LoginProvider, login.ProviderKey);
        audit.Record("Account", user.Email ?? user.Id, "Unlink", $"Unlinked {name} from {user.Email}");
        if (removed.Succeeded && user.AdminGrantedBy == login.LoginProvider && await users.IsInRoleAsync(user, StaffRoles.Admin))
        {
            // The provider that made this account an admin no longer vouches for it.
            removed = await SsoSignIn.TakeBackAdminAsync(users, user);
            audit.Record("Account", user.Email ?? user.Id, "Admin", $"{user.Email} is no longer an admin: the identity whose admin claim made it one was unlinked");
        }

        if (!removed.Succeeded)
        {
            TempData["Flash"] = "Not unlinked: " + string.Join(" ", removed.Errors.Select(e => e.Description));
            return RedirectToPage();
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        TempData["Flash"] = $"{name} is unlinked from {user.Email}; its sessions have ended.";
        return RedirectToPage();
    }

    private async Task<IActionResult> SetDisabledAsync(string id, bool disabled, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return NotFound();
        }

        if (disabled && user.Id == users.GetUserId(User))
        {
            TempData["Flash"] = "You cannot disable your own account.";
            return RedirectToPage();
        }

        user.IsDisabled = disabled;
        await users.UpdateAsync(user);
        // A new stamp ends the account's open sessions at their next check.
        await users.UpdateSecurityStampAsync(user);
        audit.Record("Account", user.Email ?? user.Id, disabled ? "Disable" : "Enable", $"{(disabled ? "Disabled" : "Enabled")} the account {user.Email}");
        await db.SaveChangesAsync(cancellationToken);
        TempData["Flash"] = $"{user.Email} is {(disabled ? "disabled" : "enabled")}.";
        return RedirectToPage();
    }

    private void ShowLink(string path, string label)
    {
        NewLink = $"{Request.Scheme}://{Request.Host}{Request.PathBase}/{path}";
        NewLinkFor = label;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var admins = (await users.GetUsersInRoleAsync(StaffRoles.Admin)).Select(u => u.Id).ToHashSet();
        var assignments = await db.CourseAssignments.AsNoTracking()
            .Select(a => new { a.UserId, a.Role, a.Course!.Code, a.Course.TermName })
            .ToListAsync(cancellationToken);
        var logins = await db.UserLogins.AsNoTracking().Select(l => new { l.UserId, l.LoginProvider, l.ProviderDisplayName }).ToListAsync(cancellationToken);
        var all = await db.Users.AsNoTracking().OrderBy(u => u.DisplayName).ThenBy(u => u.Email).ToListAsync(cancellationToken);
        Accounts = all.Select(u => new AccountRow(
            u,
            admins.Contains(u.Id),
            assignments.Where(a => a.UserId == u.Id).Select(a => $"{a.Code} {a.TermName} ({a.Role})").ToList(),
            u.LockoutEnd > now,
            u.PasswordHash is not null,
            logins.Where(l => l.UserId == u.Id).OrderBy(l => l.LoginProvider, StringComparer.Ordinal)
                .Select(l => (l.LoginProvider, sso.Settings.LoginName(l.LoginProvider, l.ProviderDisplayName))).ToList(),
            sso.Settings.AllowsPassword(u.Email))).ToList();

        var nowUtc = now.UtcDateTime;
        Pending = await db.AccountTokens.AsNoTracking().Include(t => t.Course)
            .Where(t => t.Purpose != AccountTokenPurpose.Setup && t.UsedAt == null && t.RevokedAt == null && t.ExpiresAt > nowUtc)
            .OrderBy(t => t.ExpiresAt).ThenBy(t => t.Id)
            .ToListAsync(cancellationToken);
        Courses = await db.Courses.AsNoTracking().OrderByDescending(c => c.TermStart).ThenBy(c => c.Code).ToListAsync(cancellationToken);
    }
}
