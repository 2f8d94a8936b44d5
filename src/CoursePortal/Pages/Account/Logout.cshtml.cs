using CoursePortal.Accounts;
using CoursePortal.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Pages.Account;

/// <summary>
/// Sign-out is a POST (with the antiforgery token), so no link or image can sign anyone out. A session that came
/// through single sign-on also ends at its provider when the provider offers that (RP-initiated logout), which
/// then sends the browser back to the portal.
/// </summary>
public sealed class LogoutModel(SignInManager<PortalUser> signIn, SsoProviders sso) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var session = await HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        await signIn.SignOutAsync();
        TempData["Flash"] = "You are signed out.";

        if (session.Properties?.Items.TryGetValue(SsoSetup.SessionProviderItem, out var provider) == true
            && sso.Settings.Find(provider) is { } chosen)
        {
            var metadata = await sso.MetadataAsync(chosen.Name, cancellationToken);
            if (!string.IsNullOrEmpty(metadata?.EndSessionEndpoint))
            {
                var properties = new AuthenticationProperties { RedirectUri = Url.Page("/Index") };
                if (session.Properties.GetTokenValue("id_token") is { } idToken)
                {
                    properties.Items[SsoSetup.IdTokenHintItem] = idToken;
                }

                return SignOut(properties, chosen.Name);
            }

            TempData["Flash"] = metadata is null
                ? $"You are signed out of the portal. {chosen.ButtonText} could not be reached: to end that session too, sign out there or close the browser."
                : $"You are signed out of the portal. To end your {chosen.ButtonText} session too, sign out there or close the browser.";
        }

        return RedirectToPage("/Index");
    }
}
