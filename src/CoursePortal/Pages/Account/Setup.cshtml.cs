using System.ComponentModel.DataAnnotations;
using CoursePortal.Accounts;
using CoursePortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Pages.Account;

/// <summary>Creates the first admin from the one-time link logged at start; useless once an admin exists.</summary>
public sealed class SetupModel(AccountTokens tokens, UserManager<PortalUser> users, SignInManager<PortalUser> signIn, PortalDbContext db, SsoProviders sso, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool LinkValid { get; private set; }

    public sealed class InputModel : PasswordFields
    {
        [Required, EmailAddress, StringLength(256), Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Required, StringLength(200), Display(Name = "Your name")]
        public string Name { get; set; } = "";
    }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        LinkValid = await UsableTokenAsync(cancellationToken) is not null;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var token = await UsableTokenAsync(cancellationToken);
        LinkValid = token is not null;
        if (token is null || !ModelState.IsValid)
        {
            return Page();
        }

        var email = Input.Email?.Trim() ?? "";
        if (!sso.Settings.AllowsPassword(email))
        {
            ModelState.AddModelError("Input.Email", "Passwords are turned off on this portal: use an address listed in Portal:Sso:BreakGlassAdmins, the admins who keep a password.");
            return Page();
        }

        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = Input.Name.Trim(), CreatedAt = clock.GetUtcNow().UtcDateTime };
        var created = await users.CreateAsync(user, Input.NewPassword);
        if (!created.Succeeded)
        {
            PasswordFields.AddErrors(ModelState, created);
            return Page();
        }

        await users.AddToRoleAsync(user, StaffRoles.Admin);
        tokens.MarkUsed(token);
        await db.SaveChangesAsync(cancellationToken);
        await signIn.SignInAsync(user, isPersistent: false);
        TempData["Flash"] = "Your admin account is ready. Create courses and invite staff from the Admin page.";
        return RedirectToPage("/Admin/Index");
    }

    private async Task<AccountToken?> UsableTokenAsync(CancellationToken cancellationToken) =>
        (await users.GetUsersInRoleAsync(StaffRoles.Admin)).Count > 0
            ? null
            : await tokens.FindUsableAsync(Token, AccountTokenPurpose.Setup, cancellationToken);
}
