using CoursePortal.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Pages.Account;

/// <summary>Where a single sign-on comes back to: the account rules (<see cref="SsoSignIn"/>) decide, and a refusal is said plainly here.</summary>
public sealed class SsoModel(SsoSignIn sso) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public SsoOutcome? Outcome { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Outcome = await sso.CompleteAsync(HttpContext, cancellationToken);
        if (!Outcome.SignedIn)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }

        TempData["Flash"] = Outcome.Message;
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : Url.Content("~/Staff"));
    }
}
