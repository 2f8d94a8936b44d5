using System.ComponentModel.DataAnnotations;
using CoursePortal.Accounts;
using CoursePortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Pages.Account;

public sealed class ChangePasswordModel(UserManager<PortalUser> users, SignInManager<PortalUser> signIn, SsoProviders sso) : PageModel
{
    /// <summary>Why this account cannot change a password here, or null when it can.</summary>
    public string? Unavailable { get; private set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel : PasswordFields
    {
        [Required, DataType(DataType.Password), StringLength(PasswordFields.SignInMaxLength), Display(Name = "Current password")]
        public string CurrentPassword { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        Unavailable = await UnavailableAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        Unavailable = await UnavailableAsync(user);
        if (Unavailable is not null || !ModelState.IsValid)
        {
            return Page();
        }

        var result = await users.ChangePasswordAsync(user, Input.CurrentPassword, Input.NewPassword);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
            {
                ModelState.AddModelError("Input.CurrentPassword", "This is not your current password.");
            }
            else
            {
                PasswordFields.AddErrors(ModelState, result);
            }

            return Page();
        }

        // The new security stamp signs out other devices; keep this one signed in.
        await signIn.RefreshSignInAsync(user);
        TempData["Flash"] = "Your password is changed.";
        return RedirectToPage("/Staff/Index");
    }

    private async Task<string?> UnavailableAsync(PortalUser user) =>
        !sso.Settings.AllowsPassword(user.Email) ? "Passwords are turned off on this portal: you sign in with your university account."
        : !await users.HasPasswordAsync(user) ? "This account has no password: it signs in with your university account. The portal's admin can make you a link to set one."
        : null;
}
