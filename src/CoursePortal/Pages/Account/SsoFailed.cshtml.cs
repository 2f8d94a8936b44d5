using CoursePortal.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Pages.Account;

/// <summary>Where a sign-in ends when the provider's answer never reached the account rules; the details are in the log, never here.</summary>
public sealed class SsoFailedModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Reason { get; set; }

    public string Message => Enum.TryParse<SsoFailure>(Reason, ignoreCase: true, out var failure) ? failure switch
    {
        SsoFailure.Denied => "The sign-in was cancelled at your identity provider, or it did not allow you to sign in to this portal.",
        SsoFailure.Unreachable => "Your identity provider could not be reached. Try again in a few minutes.",
        _ => Invalid,
    } : Invalid;

    private const string Invalid = "The answer from your identity provider could not be checked: it expired, it was used already, or it was changed on the way. Nothing was signed in.";

    public void OnGet()
    {
    }
}
