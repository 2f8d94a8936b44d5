using System.ComponentModel.DataAnnotations;
using CoursePortal.Accounts;
using CoursePortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Pages.Account;

public sealed class ChangePasswordModel(UserManager<PortalUser> users, SignInManager<PortalUser> signIn) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel : PasswordFields
    {
        [Required, DataType(DataType.Password), StringLength(PasswordFields.SignInMaxLength), Display(Name = "Current password")]
        public string CurrentPassword { get; set; } = "";
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
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
}
