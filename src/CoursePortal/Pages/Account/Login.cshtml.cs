using System.ComponentModel.DataAnnotations;
using CoursePortal.Accounts;
using CoursePortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Pages.Account;

/// <summary>
/// Staff sign-in: one button per single sign-on provider, then the e-mail and password form (hidden when passwords
/// are off, except behind a link for the break-glass admins). Unknown e-mail, wrong password and disabled account
/// all get the same answer.
/// </summary>
public sealed class LoginModel(SignInManager<PortalUser> signIn, SsoProviders sso) : PageModel
{
    public const string Refused = "Wrong e-mail address or password.";
    public const string LockedOut = "Too many failed sign-ins: this account is locked for 15 minutes.";
    public const string PasswordsOff = "Passwords are turned off on this portal: sign in with your university account (the button above).";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Shows the password form although passwords are off (the break-glass admins' way in).</summary>
    [BindProperty(SupportsGet = true)]
    public bool Password { get; set; }

    public IReadOnlyList<SsoProviderOptions> Providers => sso.All;

    public bool ShowPasswordForm => !sso.Settings.DisablePasswords || Password;

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

        var email = (Input.Email ?? "").Trim();
        if (!sso.Settings.AllowsPassword(email))
        {
            Password = true;
            ModelState.AddModelError(string.Empty, PasswordsOff);
            Input.Password = "";
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(email, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(SafeReturnUrl);
        }

        ModelState.AddModelError(string.Empty, result.IsLockedOut ? LockedOut : Refused);
        Input.Password = "";
        return Page();
    }

    /// <summary>Starts a sign-in at <paramref name="provider"/>; it comes back to the Sso page.</summary>
    public async Task<IActionResult> OnPostSsoAsync(string? provider, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        return await SsoChallenge.StartAsync(this, sso, signIn, provider, SafeReturnUrl, invitationToken: null, linkUserId: null, cancellationToken)
            ?? Page();
    }

    private string SafeReturnUrl => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : Url.Content("~/Staff");
}
