using System.Security.Claims;
using CoursePortal.Audit;
using CoursePortal.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Accounts;

/// <summary>What a provider said about the person, read with the claim names its settings give.</summary>
public sealed record SsoIdentity(SsoProviderOptions Provider, string? UserId, string? Email, bool EmailVerified, string? Name, bool IsAdminMember, string? IdToken)
{
    /// <summary>How the person is named to them on a refusal page.</summary>
    public string SignedInAs => Email ?? Name ?? UserId ?? "someone";

    public static SsoIdentity Read(SsoProviderOptions provider, ClaimsPrincipal principal, AuthenticationProperties properties)
    {
        string? Claim(string type) => principal.FindFirst(type)?.Value is { Length: > 0 } value ? value.Trim() : null;
        return new SsoIdentity(
            provider,
            Claim(provider.UserIdClaim),
            Claim(provider.EmailClaim),
            provider.TrustEmail || string.Equals(Claim(provider.EmailVerifiedClaim), "true", StringComparison.OrdinalIgnoreCase),
            Claim(provider.NameClaim),
            provider.AdminClaim.Length > 0 && principal.FindAll(provider.AdminClaim).Any(c => string.Equals(c.Value, provider.AdminClaimValue, StringComparison.Ordinal)),
            properties.GetTokenValue("id_token"));
    }
}

/// <summary>How a completed single sign-on ended: signed in (with a message for the next page), or refused with a reason.</summary>
public sealed record SsoOutcome(bool SignedIn, string Message, string? SignedInAs = null)
{
    public static SsoOutcome Refused(string message, string? signedInAs = null) => new(false, message, signedInAs);
}

/// <summary>
/// Who gets in after a provider vouched for someone (issue rules, in this order): an account already linked to the
/// provider's user id; else an invitation opened before the sign-in; else an account with the same e-mail, when the
/// provider says the address is verified (or is trusted to); else, when the provider auto-provisions, a new account
/// for an address in its allowed domains. Anyone else is refused and nothing is stored. After the first sign-in the
/// link is the user id, never the e-mail.
/// </summary>
public sealed class SsoSignIn(
    UserManager<PortalUser> users,
    SignInManager<PortalUser> signIn,
    PortalDbContext db,
    AccountTokens tokens,
    AuditLog audit,
    SsoProviders providers,
    TimeProvider clock)
{
    public const string Incomplete = "The sign-in did not complete (it was started too long ago, or in another browser). Nothing was changed. Please try again.";
    public static string MissingUserId(string claim) => $"The identity provider did not say who you are (it sent no \"{claim}\" claim). Ask the portal's admin to check which claims the provider releases to the portal.";
    public static string NoAccount(string who) => $"You signed in as {who}, but this portal has no staff account for you — ask the portal's admin.";
    public static string Unverified(string who) => $"You signed in as {who}, but the identity provider did not confirm that this e-mail address is yours, so it cannot open the portal account with that address. Ask the portal's admin for an invitation link.";
    public const string Disabled = "This account is disabled. Ask the portal's admin if you need it again.";
    public const string NotSaved = "Your portal account could not be saved just now. Nothing was changed. Please try again; if it happens again, ask the portal's admin.";
    public const string LockedOut = "Too many failed sign-ins: this account is locked for 15 minutes.";
    public const string InvitationUnusable = "This invitation link is not valid any more: it was used already, it was revoked, or it expired. Ask the portal's admin for a new one.";
    public const string InvitationTaken = "An account with this invitation's e-mail address exists already: sign in instead.";
    public const string LinkedElsewhere = "This university identity is already linked to another portal account. Sign out and sign in with it, or ask the portal's admin to unlink it there.";
    public static string OtherIdentityLinked(string who) => $"You signed in as {who}, but the portal account with this address is linked to a different identity at this provider. Ask the portal's admin.";

    public async Task<SsoOutcome> CompleteAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var external = await context.AuthenticateAsync(IdentityConstants.ExternalScheme);
        // The external cookie is only a hand-over: it goes whatever the outcome.
        await context.SignOutAsync(IdentityConstants.ExternalScheme);
        if (!external.Succeeded || external.Properties?.Items.TryGetValue(SsoSetup.ProviderItem, out var name) != true
            || providers.Settings.Find(name) is not { } provider)
        {
            return SsoOutcome.Refused(Incomplete);
        }

        var identity = SsoIdentity.Read(provider, external.Principal!, external.Properties!);
        if (identity.UserId is null)
        {
            providers.LogFailure(provider.Name, $"the provider sent no \"{provider.UserIdClaim}\" claim");
            return SsoOutcome.Refused(MissingUserId(provider.UserIdClaim));
        }

        var items = external.Properties!.Items;
        items.TryGetValue(SsoSetup.InvitationItem, out var invitationToken);
        try
        {
            return items.TryGetValue(SsoSetup.LinkItem, out var linkTo) && linkTo is not null
                ? await LinkAsync(context, identity, linkTo)
                : await DecideAsync(identity, invitationToken, cancellationToken);
        }
        catch (Exception e) when (e is AccountRefusedException or DbUpdateException or StoredRuleException)
        {
            // Nothing stays: the transaction rolled back. A race (two callbacks for one invitation), an address Identity
            // refuses or a name the stored-text rules refuse ends on the refusal page, not a 500.
            providers.LogFailure(provider.Name, $"the account could not be saved: {e.Message}");
            return SsoOutcome.Refused(NotSaved);
        }
    }

    private async Task<SsoOutcome> DecideAsync(SsoIdentity identity, string? invitationToken, CancellationToken cancellationToken)
    {
        var provider = identity.Provider;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var found = await FindOrCreateAsync(identity, invitationToken, cancellationToken);
        if (found.User is not { } user)
        {
            return found.Refusal!;
        }

        if (user.IsDisabled)
        {
            return SsoOutcome.Refused(Disabled);
        }

        if (await users.IsLockedOutAsync(user))
        {
            return SsoOutcome.Refused(LockedOut);
        }

        await ApplyAdminClaimAsync(user, identity);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var session = new AuthenticationProperties { IsPersistent = false };
        session.Items[SsoSetup.SessionProviderItem] = provider.Name;
        if (identity.IdToken is { } idToken)
        {
            session.StoreTokens([new AuthenticationToken { Name = "id_token", Value = idToken }]);
        }

        await signIn.SignInAsync(user, session, authenticationMethod: provider.Name);
        return new SsoOutcome(true, found.Welcome ?? $"Signed in as {user.DisplayName}.");
    }

    private sealed record Found(PortalUser? User, SsoOutcome? Refusal, string? Welcome = null);

    private async Task<Found> FindOrCreateAsync(SsoIdentity identity, string? invitationToken, CancellationToken cancellationToken)
    {
        var provider = identity.Provider;
        var invitation = invitationToken is null ? null : await tokens.FindUsableAsync(invitationToken, AccountTokenPurpose.Invitation, cancellationToken);
        if (invitationToken is not null && invitation is null)
        {
            return new Found(null, SsoOutcome.Refused(InvitationUnusable));
        }

        var linked = await users.FindByLoginAsync(provider.Name, identity.UserId!);
        if (linked is not null)
        {
            // Someone with an account opened an invitation: it adds its course to the account they have.
            return invitation is null
                ? new Found(linked, null)
                : new Found(linked, null, await AcceptAsync(invitation, linked, cancellationToken));
        }

        if (invitation is not null)
        {
            if (await users.FindByEmailAsync(invitation.Email) is not null)
            {
                return new Found(null, SsoOutcome.Refused(InvitationTaken));
            }

            var invited = await CreateAsync(identity, invitation.Email, cancellationToken);
            return new Found(invited, null, await AcceptAsync(invitation, invited, cancellationToken) ?? $"Welcome, {invited.DisplayName}. Your account is ready.");
        }

        if (identity.Email is { } email && await users.FindByEmailAsync(email) is { } byEmail)
        {
            if (!identity.EmailVerified)
            {
                return new Found(null, SsoOutcome.Refused(Unverified(identity.SignedInAs), identity.SignedInAs));
            }

            // An address the provider gave to someone new cannot take over an account linked to the one who had it.
            if ((await users.GetLoginsAsync(byEmail)).Any(l => l.LoginProvider == provider.Name))
            {
                return new Found(null, SsoOutcome.Refused(OtherIdentityLinked(identity.SignedInAs), identity.SignedInAs));
            }

            if (byEmail.IsDisabled)
            {
                return new Found(null, SsoOutcome.Refused(Disabled));
            }

            await AddLoginAsync(byEmail, identity);
            audit.RecordBy(byEmail, "Account", byEmail.Email ?? byEmail.Id, "Link", $"Linked single sign-on ({provider.Name}) to {byEmail.Email} (same verified e-mail)");
            return new Found(byEmail, null);
        }

        if (provider.AutoProvision && identity.EmailVerified && identity.Email is { } newEmail && provider.AllowsDomain(newEmail))
        {
            var created = await CreateAsync(identity, newEmail, cancellationToken);
            return new Found(created, null, $"Welcome, {created.DisplayName}. Your account is ready; the portal's admin gives it its courses.");
        }

        return new Found(null, SsoOutcome.Refused(NoAccount(identity.SignedInAs), identity.SignedInAs));
    }

    /// <summary>A new account for <paramref name="email"/>, with no password: it signs in through the provider.</summary>
    private async Task<PortalUser> CreateAsync(SsoIdentity identity, string email, CancellationToken cancellationToken)
    {
        var name = identity.Name ?? email.Split('@')[0];
        var user = new PortalUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = name.Length > 200 ? name[..200] : name,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        Check(await users.CreateAsync(user));
        await AddLoginAsync(user, identity);
        audit.RecordBy(user, "Account", email, "Create", $"Created the account {email} at its first sign-in with single sign-on ({identity.Provider.Name})");
        await StaffListings.LinkAsync(db, user, null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    private async Task AddLoginAsync(PortalUser user, SsoIdentity identity) =>
        Check(await users.AddLoginAsync(user, new UserLoginInfo(identity.Provider.Name, identity.UserId!, identity.Provider.ButtonText)));

    /// <summary>Gives the invitation's course to <paramref name="user"/> and uses the invitation up; the welcome to show.</summary>
    private async Task<string?> AcceptAsync(AccountToken invitation, PortalUser user, CancellationToken cancellationToken)
    {
        tokens.MarkUsed(invitation);
        await StaffListings.LinkAsync(db, user, invitation.CourseId, cancellationToken);
        if (invitation.CourseId is not { } courseId
            || await db.CourseAssignments.AnyAsync(a => a.CourseId == courseId && a.UserId == user.Id, cancellationToken))
        {
            return null;
        }

        var role = invitation.CourseRole ?? StaffRoles.TeachingAssistant;
        db.CourseAssignments.Add(new CourseAssignment { CourseId = courseId, UserId = user.Id, Role = role, CreatedAt = clock.GetUtcNow().UtcDateTime });
        audit.RecordBy(user, "Invitation", invitation.Email, "Accept", $"{user.Email} accepted the invitation for {invitation.Email} as {role}", courseId);
        var course = await db.Courses.AsNoTracking().SingleOrDefaultAsync(c => c.Id == courseId, cancellationToken);
        return course is null ? null : $"Welcome, {user.DisplayName}. You can now edit {course.Code} {course.Title} as {role}.";
    }

    /// <summary>
    /// With an admin claim configured, the provider decides who of its people are admins: the role is given when the
    /// claim is there, and taken away when it is gone, but only if this provider gave it (never a role given in the portal).
    /// </summary>
    private async Task ApplyAdminClaimAsync(PortalUser user, SsoIdentity identity)
    {
        var provider = identity.Provider;
        if (provider.AdminClaim.Length == 0)
        {
            return;
        }

        var isAdmin = await users.IsInRoleAsync(user, StaffRoles.Admin);
        if (identity.IsAdminMember && !isAdmin)
        {
            Check(await users.AddToRoleAsync(user, StaffRoles.Admin));
            user.AdminGrantedBy = provider.Name;
            Check(await users.UpdateAsync(user));
            audit.RecordBy(user, "Account", user.Email ?? user.Id, "Admin", $"{user.Email} became an admin: single sign-on ({provider.Name}) says {provider.AdminClaim} = {provider.AdminClaimValue}");
        }
        else if (!identity.IsAdminMember && isAdmin && user.AdminGrantedBy == provider.Name)
        {
            Check(await TakeBackAdminAsync(users, user));
            audit.RecordBy(user, "Account", user.Email ?? user.Id, "Admin", $"{user.Email} is no longer an admin: single sign-on ({provider.Name}) no longer says {provider.AdminClaim} = {provider.AdminClaimValue}");
        }
    }

    /// <summary>Takes back the admin role a provider gave (<see cref="PortalUser.AdminGrantedBy"/>): at a sign-in without its claim, or when its identity is unlinked.</summary>
    public static async Task<IdentityResult> TakeBackAdminAsync(UserManager<PortalUser> users, PortalUser user)
    {
        var removed = await users.RemoveFromRoleAsync(user, StaffRoles.Admin);
        if (!removed.Succeeded)
        {
            return removed;
        }

        user.AdminGrantedBy = null;
        return await users.UpdateAsync(user);
    }

    /// <summary>From the account page: adds the provider to the account that is signed in, unless another account has this identity.</summary>
    private async Task<SsoOutcome> LinkAsync(HttpContext context, SsoIdentity identity, string linkTo)
    {
        var user = await users.GetUserAsync(context.User);
        if (user is null || user.Id != linkTo)
        {
            return SsoOutcome.Refused(Incomplete);
        }

        var holder = await users.FindByLoginAsync(identity.Provider.Name, identity.UserId!);
        if (holder is not null && holder.Id != user.Id)
        {
            return SsoOutcome.Refused(LinkedElsewhere);
        }

        if ((await users.GetLoginsAsync(user)).Any(l => l.LoginProvider == identity.Provider.Name && l.ProviderKey != identity.UserId))
        {
            return SsoOutcome.Refused("This account is linked to another identity at this provider already; ask the portal's admin to unlink that one first.");
        }

        if (holder is null)
        {
            await AddLoginAsync(user, identity);
            audit.RecordBy(user, "Account", user.Email ?? user.Id, "Link", $"Linked single sign-on ({identity.Provider.Name}) to {user.Email}");
            await db.SaveChangesAsync(context.RequestAborted);
        }

        return new SsoOutcome(true, $"Linked. Next time, use \u201c{identity.Provider.ButtonText}\u201d on the sign-in page.");
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new AccountRefusedException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    /// <summary>Identity refused a change to the account (an address it does not accept, a duplicate).</summary>
    private sealed class AccountRefusedException(string message) : Exception(message);
}
