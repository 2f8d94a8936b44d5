using System.Text.RegularExpressions;
using CoursePortal.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace CoursePortal.Accounts;

/// <summary>
/// One OpenID Connect scheme per entry of <c>Portal:Sso:Providers</c>, named as the provider: authorization code with
/// PKCE, state and nonce checked by the framework's handler, issuer and audience validated against the provider's
/// metadata. The handler signs into Identity's external cookie; <see cref="SsoSignIn"/> then decides who gets in.
/// </summary>
public static partial class SsoSetup
{
    /// <summary>Where the provider sends the browser back, under the portal's path base.</summary>
    public static string CallbackPath(string provider) => $"/sso/{provider}/callback";

    public static string SignedOutCallbackPath(string provider) => $"/sso/{provider}/signed-out";

    public static string FrontChannelLogoutPath(string provider) => $"/sso/{provider}/front-channel-logout";

    /// <summary>The paths the OpenID Connect handlers answer themselves (before routing): the sign-in rate limit covers them.</summary>
    public static bool IsProviderPath(PathString path) => path.StartsWithSegments("/sso");

    /// <summary>Identity's key for the provider in the external sign-in's properties.</summary>
    public const string ProviderItem = "LoginProvider";

    /// <summary>The raw invitation token when the sign-in started on an invitation page.</summary>
    public const string InvitationItem = "portal.invitation";

    /// <summary>The id of the signed-in account when the sign-in started from its account page, to link the provider to it.</summary>
    public const string LinkItem = "portal.link";

    /// <summary>On the portal's own cookie: which provider the session came through (for sign-out at that provider).</summary>
    public const string SessionProviderItem = "portal.sso";

    /// <summary>Carries the ID token to the sign-out request; taken out before the request's state is written.</summary>
    public const string IdTokenHintItem = "portal.id_token_hint";

    public static IServiceCollection AddPortalSso(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<SsoSignIn>();
        services.AddSingleton<SsoProviders>();

        // Scheme names must be known now; every other value comes from the validated PortalOptions below.
        var names = configuration.GetSection($"{PortalOptions.Section}:Sso:Providers").GetChildren()
            .Select(c => c["Name"]).OfType<string>().Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var authentication = services.AddAuthentication();
        foreach (var name in names)
        {
            authentication.AddOpenIdConnect(name, _ => { });
            services.AddOptions<OpenIdConnectOptions>(name).Configure<IOptions<PortalOptions>, ILoggerFactory>((o, portal, logs) =>
            {
                if (portal.Value.Sso.Find(name) is { } provider)
                {
                    Configure(o, provider, logs.CreateLogger<SsoProviders>());
                }
            });
        }

        return services;
    }

    // Not SsoProviders itself: it reads these options, so it cannot be a dependency of their set-up.
    private static void Configure(OpenIdConnectOptions o, SsoProviderOptions provider, ILogger logger)
    {
        o.SignInScheme = IdentityConstants.ExternalScheme;
        o.Authority = provider.Authority;
        o.ClientId = provider.ClientId;
        o.ClientSecret = provider.ClientSecret;
        // http only passes the settings check in Development.
        o.RequireHttpsMetadata = provider.Authority.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
        // A provider that does not answer is said on the sign-in page after this long, not after the default minute.
        o.BackchannelTimeout = TimeSpan.FromSeconds(15);
        o.ResponseType = OpenIdConnectResponseType.Code;
        o.UsePkce = true;
        // The code comes back in a top-level GET, so the correlation and nonce cookies can be SameSite=Lax
        // (a form post from the provider's site would need SameSite=None).
        o.ResponseMode = OpenIdConnectResponseMode.Query;
        o.CorrelationCookie.SameSite = SameSiteMode.Lax;
        o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.NonceCookie.SameSite = SameSiteMode.Lax;
        o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.CallbackPath = CallbackPath(provider.Name);
        o.SignedOutCallbackPath = SignedOutCallbackPath(provider.Name);
        o.RemoteSignOutPath = FrontChannelLogoutPath(provider.Name);
        o.SignedOutRedirectUri = "/";
        o.Scope.Clear();
        foreach (var scope in StandardScopes.Concat(provider.Scopes).Distinct(StringComparer.Ordinal))
        {
            o.Scope.Add(scope);
        }

        // Claims keep the names the provider gives them (sub, email, eppn), as the settings name them.
        o.MapInboundClaims = false;
        o.GetClaimsFromUserInfoEndpoint = true;
        // Only the ID token is kept (for the sign-out hint): the access and refresh tokens are not needed.
        o.SaveTokens = false;
        o.TokenValidationParameters.NameClaimType = provider.NameClaim;
        foreach (var claim in new[] { provider.UserIdClaim, provider.EmailClaim, provider.NameClaim, provider.EmailVerifiedClaim }.Distinct(StringComparer.Ordinal))
        {
            o.ClaimActions.MapUniqueJsonKey(claim, claim);
        }

        if (provider.AdminClaim.Length > 0)
        {
            o.ClaimActions.MapJsonKey(provider.AdminClaim, provider.AdminClaim);
        }

        o.Events.OnTokenValidated = context =>
        {
            if (context.TokenEndpointResponse?.IdToken is { Length: > 0 } idToken)
            {
                context.Properties!.StoreTokens([new AuthenticationToken { Name = "id_token", Value = idToken }]);
            }

            return Task.CompletedTask;
        };
        o.Events.OnRedirectToIdentityProviderForSignOut = context =>
        {
            if (context.Properties.Items.Remove(IdTokenHintItem, out var hint) && hint is not null)
            {
                context.ProtocolMessage.IdTokenHint = hint;
            }

            return Task.CompletedTask;
        };
        o.Events.OnAccessDenied = context =>
        {
            SsoProviders.LogFailure(logger, provider.Name, "the person declined, or the provider refused the sign-in (access_denied)");
            context.Response.Redirect(FailedPage(context.Request, SsoFailure.Denied));
            context.HandleResponse();
            return Task.CompletedTask;
        };
        o.Events.OnRemoteFailure = context =>
        {
            var failure = context.Failure is HttpRequestException or TaskCanceledException
                || context.Failure?.InnerException is HttpRequestException or IOException
                ? SsoFailure.Unreachable
                : SsoFailure.Invalid;
            SsoProviders.LogFailure(logger, provider.Name, Describe(context.Failure));
            context.Response.Redirect(FailedPage(context.Request, failure));
            context.HandleResponse();
            return Task.CompletedTask;
        };
    }

    private static readonly string[] StandardScopes = ["openid", "profile", "email"];

    private static string FailedPage(HttpRequest request, SsoFailure failure) =>
        $"{request.PathBase}/Account/SsoFailed?reason={failure.ToString().ToLowerInvariant()}";

    /// <summary>The failure's messages, inner ones too, with anything shaped like a token cut out: logs never hold one.</summary>
    public static string Describe(Exception? failure)
    {
        var parts = new List<string>();
        for (var e = failure; e is not null; e = e.InnerException)
        {
            parts.Add($"{e.GetType().Name}: {Jwt().Replace(e.Message, "[token]")}");
        }

        return parts.Count == 0 ? "no reason given" : string.Join(" ← ", parts);
    }

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(\.[A-Za-z0-9_-]*)?")]
    private static partial Regex Jwt();
}

/// <summary>How a sign-in at a provider ended when it never reached the portal's account rules.</summary>
public enum SsoFailure
{
    /// <summary>The person declined, or the provider refused them.</summary>
    Denied,

    /// <summary>The answer could not be checked: expired, used twice, or changed on the way (state, nonce, signature).</summary>
    Invalid,

    /// <summary>The provider could not be reached.</summary>
    Unreachable,
}

/// <summary>The configured providers as the pages use them: the buttons, whether a provider answers, and the origins forms may go to.</summary>
public sealed class SsoProviders(IOptions<PortalOptions> portal, IOptionsMonitor<OpenIdConnectOptions> oidc, ILogger<SsoProviders> logger)
{
    public SsoOptions Settings => portal.Value.Sso;

    public IReadOnlyList<SsoProviderOptions> All => portal.Value.Sso.Providers;

    /// <summary>
    /// The origins of the providers' authorities. A sign-in or sign-out form posts to the portal, which redirects to the
    /// provider; a CSP <c>form-action 'self'</c> also governs that redirect, so these origins are allowed there.
    /// </summary>
    public string FormOrigins { get; } = string.Join(' ', portal.Value.Sso.Providers
        .Select(p => Uri.TryCreate(p.Authority, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : null)
        .OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase));

    /// <summary>The provider's metadata (cached by the handler), or null with the reason logged when it cannot be read now.</summary>
    public async Task<OpenIdConnectConfiguration?> MetadataAsync(string provider, CancellationToken cancellationToken)
    {
        try
        {
            var manager = oidc.Get(provider).ConfigurationManager;
            return manager is null ? null : await manager.GetConfigurationAsync(cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or IOException or TaskCanceledException)
        {
            LogFailure(provider, "its metadata could not be read: " + SsoSetup.Describe(e));
            return null;
        }
    }

    public void LogFailure(string provider, string reason) => LogFailure(logger, provider, reason);

    /// <summary>Why a sign-in failed, never with a token or secret in it.</summary>
    public static void LogFailure(ILogger logger, string provider, string reason) =>
        logger.LogWarning("Single sign-on with {Provider} failed: {Reason}", provider, reason);
}
