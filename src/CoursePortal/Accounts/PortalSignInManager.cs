using CoursePortal.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CoursePortal.Accounts;

/// <summary>
/// A disabled account cannot sign in by any method; its cookie dies at the next security-stamp check. With
/// <c>Portal:Sso:DisablePasswords</c> a password opens only the break-glass accounts, whichever page asks.
/// </summary>
public sealed class PortalSignInManager(
    UserManager<PortalUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<PortalUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<PortalUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PortalUser> confirmation,
    IOptions<Hosting.PortalOptions> portal)
    : SignInManager<PortalUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(PortalUser user) =>
        !user.IsDisabled && await base.CanSignInAsync(user);

    /// <summary>
    /// An account without a password (made by single sign-on) cannot be locked out by guessing one: wrong passwords
    /// for it do not count, so nobody can lock its owner out of single sign-on from the password form.
    /// </summary>
    public override async Task<SignInResult> CheckPasswordSignInAsync(PortalUser user, string password, bool lockoutOnFailure) =>
        !portal.Value.Sso.AllowsPassword(user.Email) ? SignInResult.NotAllowed
        : user.PasswordHash is null ? await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure: false)
        : await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);

    public override async Task<PortalUser?> ValidateSecurityStampAsync(System.Security.Claims.ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is { IsDisabled: false } ? user : null;
    }
}
