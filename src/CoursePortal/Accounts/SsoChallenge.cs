using CoursePortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Accounts;

/// <summary>Starts a single sign-on at a provider from a page's button.</summary>
public static class SsoChallenge
{
    /// <summary>
    /// The challenge that sends the browser to the provider, or null with the reason in the page's model state
    /// (an unknown provider, or one that cannot be reached now: better said here than as a failed redirect).
    /// Used by the sign-in, invitation and account pages.
    /// </summary>
    public static async Task<IActionResult?> StartAsync(
        PageModel page, SsoProviders sso, SignInManager<PortalUser> signIn, string? provider, string returnUrl, string? invitationToken, string? linkUserId, CancellationToken cancellationToken)
    {
        if (sso.Settings.Find(provider) is not { } chosen)
        {
            page.ModelState.AddModelError(string.Empty, "Choose one of the sign-in buttons.");
            return null;
        }

        if (await sso.MetadataAsync(chosen.Name, cancellationToken) is null)
        {
            page.ModelState.AddModelError(string.Empty, $"{chosen.ButtonText} is not available right now: the identity provider does not answer. Try again in a few minutes.");
            return null;
        }

        var properties = signIn.ConfigureExternalAuthenticationProperties(chosen.Name, page.Url.Page("/Account/Sso", new { returnUrl }));
        if (invitationToken is not null)
        {
            properties.Items[SsoSetup.InvitationItem] = invitationToken;
        }

        if (linkUserId is not null)
        {
            properties.Items[SsoSetup.LinkItem] = linkUserId;
        }

        return new ChallengeResult(chosen.Name, properties);
    }
}
