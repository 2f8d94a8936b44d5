using CoursePortal.Accounts;
using CoursePortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Pages.Account;

/// <summary>The signed-in person's account: name, e-mail, and the ways it signs in (password, linked providers), with a link to add one.</summary>
public sealed class IndexModel(UserManager<PortalUser> users, SignInManager<PortalUser> signIn, SsoProviders sso) : PageModel
{
    public PortalUser Account { get; private set; } = null!;

    public bool HasPassword { get; private set; }

    public bool PasswordAllowed { get; private set; }

    public IReadOnlyList<UserLoginInfo> Linked { get; private set; } = [];

    /// <summary>Providers not linked yet, which the person may link now.</summary>
    public IReadOnlyList<SsoProviderOptions> Linkable { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : Challenge();

    public async Task<IActionResult> OnPostLinkAsync(string? provider, CancellationToken cancellationToken)
    {
        if (!await LoadAsync())
        {
            return Challenge();
        }

        if (Linkable.All(p => p.Name != provider))
        {
            ModelState.AddModelError(string.Empty, "Choose a sign-in method this account does not have yet.");
            return Page();
        }

        return await SsoChallenge.StartAsync(this, sso, signIn, provider, Url.Page("/Account/Index")!, invitationToken: null, linkUserId: Account.Id, cancellationToken) ?? Page();
    }

    public string NameOf(UserLoginInfo login) => sso.Settings.LoginName(login.LoginProvider, login.ProviderDisplayName);

    private async Task<bool> LoadAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return false;
        }

        Account = user;
        HasPassword = await users.HasPasswordAsync(user);
        PasswordAllowed = sso.Settings.AllowsPassword(user.Email);
        Linked = (await users.GetLoginsAsync(user)).OrderBy(l => l.LoginProvider, StringComparer.Ordinal).ToList();
        Linkable = sso.All.Where(p => Linked.All(l => l.LoginProvider != p.Name)).ToList();
        return true;
    }
}
