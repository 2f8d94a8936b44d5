using System.ComponentModel.DataAnnotations;
using CoursePortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Pages.Account;

/// <summary>Staff sign-in. Unknown e-mail, wrong password and disabled account all get the same answer.</summary>
public sealed class LoginModel(SignInManager<PortalUser> signIn) : PageModel
{
    public const string Refused = "Wrong e-mail address or password.";
    public const string LockedOut = "Too many failed sign-ins: this account is locked for 15 minutes.";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public sealed class InputModel
    {
        [Required, EmailAddress, StringLength(256), Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Required, DataType(DataType.Password), StringLength(Accounts.PasswordFields.SignInMaxLength), Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Display(Name = "Keep me signed in on this device")]
        public bool RememberMe { get; set; }
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

        var result = await signIn.PasswordSignInAsync((Input.Email ?? "").Trim(), Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : Url.Content("~/Staff"));
        }

        ModelState.AddModelError(string.Empty, result.IsLockedOut ? LockedOut : Refused);
        Input.Password = "";
        return Page();
    }
}
