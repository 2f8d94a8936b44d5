using System.Text.RegularExpressions;

namespace CoursePortal.Accounts;

/// <summary><c>Portal:Sso</c>: sign-in with the university's OpenID Connect identity providers.</summary>
public sealed partial class SsoOptions
{
    /// <summary>The identity providers staff may sign in with, one button each on the sign-in page.</summary>
    public List<SsoProviderOptions> Providers { get; set; } = [];

    /// <summary>Turn local passwords off for everyone but <see cref="BreakGlassAdmins"/>.</summary>
    public bool DisablePasswords { get; set; }

    /// <summary>E-mail addresses of accounts that keep their password when passwords are off, so an outage of the provider cannot lock the admin out.</summary>
    public List<string> BreakGlassAdmins { get; set; } = [];

    /// <summary>Whether the account with this e-mail address may sign in with a password: the one rule that the sign-in, reset, invitation and account pages follow.</summary>
    public bool AllowsPassword(string? email) =>
        !DisablePasswords || (email is not null && BreakGlassAdmins.Any(a => string.Equals(a.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase)));

    /// <summary>The provider of this name (the scheme a sign-in came through), or null.</summary>
    public SsoProviderOptions? Find(string? name) =>
        Providers.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    /// <summary>How a linked sign-in is named on pages: its provider's button, or the name stored when it was linked (a provider since removed).</summary>
    public string LoginName(string provider, string? storedName) => Find(provider)?.ButtonText ?? storedName ?? provider;

    /// <summary>What is wrong with these settings, each as a sentence that says what to change.</summary>
    /// <param name="development">In Development an http authority is allowed (a provider on the developer's machine).</param>
    public IEnumerable<string> Problems(bool development)
    {
        for (var i = 0; i < Providers.Count; i++)
        {
            var p = Providers[i];
            var at = $"Portal:Sso:Providers:{i}";
            if (!ProviderName().IsMatch(p.Name ?? ""))
            {
                yield return $"{at}:Name \"{p.Name}\" must be 1 to 40 lower-case letters, digits or hyphens, e.g. princeton: it is part of the callback address /sso/NAME/callback.";
            }
            else if (Providers.Take(i).Any(earlier => earlier.Name == p.Name))
            {
                yield return $"{at}:Name \"{p.Name}\" is used by an earlier provider; give each its own name.";
            }

            if (string.IsNullOrWhiteSpace(p.ClientId))
            {
                yield return $"{at}:ClientId is empty; copy the client (application) id the identity provider gave the portal.";
            }

            if (string.IsNullOrWhiteSpace(p.ClientSecret))
            {
                // Never the value itself: it is a secret.
                yield return $"{at}:ClientSecret is empty; copy the client secret the identity provider gave the portal (Portal__Sso__Providers__{i}__ClientSecret).";
            }

            if (!Uri.TryCreate(p.Authority, UriKind.Absolute, out var authority) || (authority.Scheme != Uri.UriSchemeHttps && authority.Scheme != Uri.UriSchemeHttp))
            {
                yield return $"{at}:Authority \"{p.Authority}\" is not an absolute https address, such as https://login.example.edu/realms/staff (the issuer, where /.well-known/openid-configuration is found).";
            }
            else if (authority.Scheme != Uri.UriSchemeHttps && !development)
            {
                yield return $"{at}:Authority \"{p.Authority}\" must use https: sign-in tokens must not travel in the clear (http is allowed only in Development).";
            }

            foreach (var (setting, claim) in new[] { ("EmailClaim", p.EmailClaim), ("NameClaim", p.NameClaim), ("UserIdClaim", p.UserIdClaim), ("EmailVerifiedClaim", p.EmailVerifiedClaim) })
            {
                if (string.IsNullOrWhiteSpace(claim))
                {
                    yield return $"{at}:{setting} is empty; name the claim that carries it, or leave the setting out for the default.";
                }
            }

            if (p.AutoProvision && p.AllowedEmailDomains.Count == 0)
            {
                yield return $"{at}:AutoProvision is on but AllowedEmailDomains is empty; list the university's domains (e.g. princeton.edu), or anyone the provider knows would get an account.";
            }

            foreach (var domain in p.AllowedEmailDomains.Where(d => !EmailDomain().IsMatch(d ?? "")))
            {
                yield return $"{at}:AllowedEmailDomains has \"{domain}\", which is not a domain such as princeton.edu (no @, no wildcard).";
            }

            if (string.IsNullOrWhiteSpace(p.AdminClaim) != string.IsNullOrWhiteSpace(p.AdminClaimValue))
            {
                yield return $"{at} needs both AdminClaim and AdminClaimValue (e.g. groups and portal-admins), or neither.";
            }

            if (p.Scopes.Any(s => string.IsNullOrWhiteSpace(s) || s.Any(char.IsWhiteSpace)))
            {
                yield return $"{at}:Scopes must list one scope per entry, without spaces (openid, profile and email are always asked for).";
            }
        }

        if (DisablePasswords && Providers.Count == 0)
        {
            yield return "Portal:Sso:DisablePasswords is on but no provider is set in Portal:Sso:Providers: nobody could sign in.";
        }

        if (DisablePasswords && !BreakGlassAdmins.Any(a => !string.IsNullOrWhiteSpace(a)))
        {
            yield return "Portal:Sso:DisablePasswords is on but Portal:Sso:BreakGlassAdmins is empty; list the e-mail of at least one admin who keeps a password, so an outage of the identity provider cannot lock everyone out.";
        }
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")]
    private static partial Regex ProviderName();

    [GeneratedRegex(@"^(?=.{1,253}$)([a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$")]
    private static partial Regex EmailDomain();
}

/// <summary>One entry of <c>Portal:Sso:Providers</c>.</summary>
public sealed class SsoProviderOptions
{
    /// <summary>Short name, used in the callback address <c>/sso/{Name}/callback</c> and stored with every linked account: do not change it once people use it.</summary>
    public string Name { get; set; } = "";

    /// <summary>The button's words, e.g. "Sign in with Princeton"; default "Sign in with {Name}".</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>The issuer's address; its metadata is read from <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public string Authority { get; set; } = "";

    public string ClientId { get; set; } = "";

    /// <summary>Never logged.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string ClientSecret { get; set; } = "";

    /// <summary>Scopes asked for beyond openid, profile and email (e.g. "groups").</summary>
    public List<string> Scopes { get; set; } = [];

    public string EmailClaim { get; set; } = "email";

    public string NameClaim { get; set; } = "name";

    /// <summary>The claim that identifies a person for good; "sub" by default, "eppn" at some universities.</summary>
    public string UserIdClaim { get; set; } = "sub";

    /// <summary>The claim that says the e-mail is verified (true); Microsoft Entra ID sends <c>xms_edov</c> when asked for it.</summary>
    public string EmailVerifiedClaim { get; set; } = "email_verified";

    /// <summary>Take every e-mail address this provider sends as verified (it issues only the university's own addresses).</summary>
    public bool TrustEmail { get; set; }

    /// <summary>Create an account at the first sign-in of anyone whose verified e-mail is in <see cref="AllowedEmailDomains"/>; it has no course until the admin assigns one.</summary>
    public bool AutoProvision { get; set; }

    public List<string> AllowedEmailDomains { get; set; } = [];

    /// <summary>With <see cref="AdminClaimValue"/>: people whose claim of this name has this value are portal admins (e.g. groups = portal-admins).</summary>
    public string AdminClaim { get; set; } = "";

    public string AdminClaimValue { get; set; } = "";

    /// <summary>What the button says.</summary>
    public string ButtonText => string.IsNullOrWhiteSpace(DisplayName) ? $"Sign in with {Name}" : DisplayName;

    /// <summary>Whether <paramref name="email"/>'s domain is one of <see cref="AllowedEmailDomains"/> (exactly: a sub-domain is not).</summary>
    public bool AllowsDomain(string email)
    {
        var at = email.LastIndexOf('@');
        return at > 0 && AllowedEmailDomains.Any(d => string.Equals(d.Trim(), email[(at + 1)..], StringComparison.OrdinalIgnoreCase));
    }
}
