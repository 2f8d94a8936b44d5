using CoursePortal.Accounts;
using CoursePortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Pages.Account;

/// <summary>Sets a new password from a reset link the admin made; also lifts a lockout.</summary>
public sealed class ResetModel(AccountTokens tokens, UserManager<PortalUser> users, PortalDbContext db, SsoProviders sso) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public PasswordFields Input { get; set; } = new();

    public AccountToken? Reset { get; private set; }

    /// <summary>Passwords are off for this account (the link was made before they were turned off).</summary>
    public bool PasswordsOff => Reset is not null && !sso.Settings.AllowsPassword(Reset.Email);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Reset = await tokens.FindUsableAsync(Token, AccountTokenPurpose.PasswordReset, cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Reset = await tokens.FindUsableAsync(Token, AccountTokenPurpose.PasswordReset, cancellationToken);
        if (Reset is null || PasswordsOff || !ModelState.IsValid)
        {
            return Page();
        }

        var user = Reset.UserId is null ? null : await users.FindByIdAsync(Reset.UserId);
        if (user is null)
        {
            Reset = null;
            return Page();
        }

        var identityToken = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, identityToken, Input.NewPassword);
        if (!result.Succeeded)
        {
            PasswordFields.AddErrors(ModelState, result);
            return Page();
        }

        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        tokens.MarkUsed(Reset);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Flash"] = "Your password is set. Sign in with it now.";
        return RedirectToPage("/Account/Login");
    }
}
