using System.ComponentModel.DataAnnotations;
using CoursePortal.Accounts;
using CoursePortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Pages.Account;

/// <summary>An invited person sets their name and password; the account joins the invitation's course.</summary>
public sealed class InvitationModel(AccountTokens tokens, UserManager<PortalUser> users, SignInManager<PortalUser> signIn, PortalDbContext db, SsoProviders sso, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public AccountToken? Invitation { get; private set; }

    public string? CourseName { get; private set; }

    public IReadOnlyList<SsoProviderOptions> Providers => sso.All;

    /// <summary>Whether the invited person may choose a password (passwords on, or a break-glass address).</summary>
    public bool OffersPassword => Invitation is not null && sso.Settings.AllowsPassword(Invitation.Email);

    public sealed class InputModel : PasswordFields
    {
        [Required, StringLength(200), Display(Name = "Your name")]
        public string Name { get; set; } = "";
    }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Invitation is null || !ModelState.IsValid)
        {
            return Page();
        }

        if (!OffersPassword)
        {
            ModelState.AddModelError(string.Empty, "Passwords are turned off on this portal: accept with your university account (the button above).");
            return Page();
        }

        if (await users.FindByEmailAsync(Invitation.Email) is not null)
        {
            ModelState.AddModelError(string.Empty, "An account with this e-mail address exists already: sign in instead.");
            return Page();
        }

        var user = new PortalUser
        {
            UserName = Invitation.Email,
            Email = Invitation.Email,
            EmailConfirmed = true,
            DisplayName = Input.Name.Trim(),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var created = await users.CreateAsync(user, Input.NewPassword);
        if (!created.Succeeded)
        {
            PasswordFields.AddErrors(ModelState, created);
            return Page();
        }

        if (Invitation.CourseId is { } courseId)
        {
            db.CourseAssignments.Add(new CourseAssignment
            {
                CourseId = courseId,
                UserId = user.Id,
                Role = Invitation.CourseRole ?? StaffRoles.TeachingAssistant,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            });
        }

        tokens.MarkUsed(Invitation);
        await StaffListings.LinkAsync(db, user, null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await signIn.SignInAsync(user, isPersistent: false);
        TempData["Flash"] = $"Welcome, {user.DisplayName}. Your account is ready.";
        return RedirectToPage("/Staff/Index");
    }

    /// <summary>Accepts with single sign-on: the provider's identity is linked to the new account (or the invitation joins the account it is linked to).</summary>
    public async Task<IActionResult> OnPostSsoAsync(string? provider, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        await LoadAsync(cancellationToken);
        if (Invitation is null)
        {
            return Page();
        }

        return await SsoChallenge.StartAsync(this, sso, signIn, provider, Url.Content("~/Staff"), Token, linkUserId: null, cancellationToken) ?? Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Invitation = await tokens.FindUsableAsync(Token, AccountTokenPurpose.Invitation, cancellationToken);
        if (Invitation?.CourseId is { } courseId)
        {
            var course = await db.Courses.FindAsync([courseId], cancellationToken);
            CourseName = course is null ? null : $"{course.Code} {course.Title} ({course.TermName})";
        }
    }
}
