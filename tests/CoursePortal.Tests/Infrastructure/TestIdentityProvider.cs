using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace CoursePortal.Tests.Infrastructure;

/// <summary>A person the test provider knows, with the claims it releases; a test changes them to play an IdP-side change.</summary>
public sealed class TestPerson
{
    public required string Subject { get; init; }

    public string? Email { get; set; }

    /// <summary>Sent as <c>email_verified</c>; null leaves the claim out.</summary>
    public bool? EmailVerified { get; set; } = true;

    public string Name { get; set; } = "Test Person";

    /// <summary>Further claims, e.g. eppn or groups (several values become a JSON array).</summary>
    public Dictionary<string, string[]> Extra { get; } = [];

    /// <summary>The next ID token carries a nonce other than the one the portal asked for (a replayed or forged token).</summary>
    public bool TamperNonce { get; set; }
}

/// <summary>
/// A real OpenID Connect provider for the tests, on a loopback port: OpenIddict's server with its Entity Framework
/// stores (in a SQLite file), authorization code flow with PKCE, a userinfo endpoint and RP-initiated logout. Its login
/// page asks only for a login name from <see cref="People"/>, and has a "Cancel" button that denies the request. One
/// provider serves the whole test run (<see cref="Shared"/>); each test uses people of its own.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "course-portal";
    public const string ClientSecret = "test-client-secret-0123456789";

    /// <summary>The provider name the portal's settings give it (so its callback is /sso/uni/callback).</summary>
    public const string ProviderName = "uni";

    // Started off xunit's synchronization context: fixtures wait for it synchronously.
    private static readonly Lazy<Task<TestIdentityProvider>> SharedProvider = new(() => Task.Run(StartAsync));

    private readonly WebApplication app;
    private readonly string databasePath;
    private readonly HashSet<string> portalOrigins = [];
    private readonly SemaphoreSlim registration = new(1, 1);

    private TestIdentityProvider(WebApplication app, string databasePath, string authority)
    {
        this.app = app;
        this.databasePath = databasePath;
        Authority = authority;
    }

    public static Task<TestIdentityProvider> Shared => SharedProvider.Value;

    /// <summary>The issuer, e.g. http://127.0.0.1:41234/.</summary>
    public string Authority { get; }

    public ConcurrentDictionary<string, TestPerson> People { get; } = new(StringComparer.Ordinal);

    /// <summary>The subject of the ID token each RP-initiated logout carried as its hint (empty when none came).</summary>
    public ConcurrentQueue<string> EndSessions { get; } = new();

    /// <summary>Adds a person with a fresh subject and an address at example.edu unless given; returns the login name.</summary>
    public string AddPerson(string? email, bool? emailVerified = true, string? name = null, Action<TestPerson>? configure = null)
    {
        var login = "person-" + Guid.NewGuid().ToString("n")[..12];
        var person = new TestPerson { Subject = "sub-" + Guid.NewGuid().ToString("n"), Email = email, EmailVerified = emailVerified, Name = name ?? login };
        configure?.Invoke(person);
        People[login] = person;
        return login;
    }

    /// <summary>Lets a portal at <paramref name="origin"/> (e.g. http://localhost) use this provider: its callback and sign-out addresses are registered.</summary>
    public async Task RegisterPortalAsync(string origin)
    {
        await registration.WaitAsync();
        try
        {
            if (!portalOrigins.Add(origin.TrimEnd('/')))
            {
                return;
            }

            await using var scope = app.Services.CreateAsyncScope();
            var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            if (await manager.FindByClientIdAsync(ClientId) is { } existing)
            {
                await manager.DeleteAsync(existing);
            }

            var descriptor = new OpenIddictApplicationDescriptor
            {
                ClientId = ClientId,
                ClientSecret = ClientSecret,
                ClientType = ClientTypes.Confidential,
                DisplayName = "Course Portal",
                Permissions =
                {
                    Permissions.Endpoints.Authorization,
                    Permissions.Endpoints.Token,
                    Permissions.Endpoints.EndSession,
                    Permissions.GrantTypes.AuthorizationCode,
                    Permissions.ResponseTypes.Code,
                    Permissions.Scopes.Email,
                    Permissions.Scopes.Profile,
                    Permissions.Prefixes.Scope + "groups",
                },
                Requirements = { Requirements.Features.ProofKeyForCodeExchange },
            };
            foreach (var known in portalOrigins)
            {
                descriptor.RedirectUris.Add(new Uri($"{known}/sso/{ProviderName}/callback"));
                descriptor.PostLogoutRedirectUris.Add(new Uri($"{known}/sso/{ProviderName}/signed-out"));
            }

            await manager.CreateAsync(descriptor);
        }
        finally
        {
            registration.Release();
        }
    }

    /// <summary>The portal settings that name this provider, with any extra ones (keys below Portal:Sso:Providers:0).</summary>
    public IEnumerable<KeyValuePair<string, string>> PortalSettings(IReadOnlyDictionary<string, string>? provider = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["Name"] = ProviderName,
            ["DisplayName"] = "Sign in with Test University",
            ["Authority"] = Authority,
            ["ClientId"] = ClientId,
            ["ClientSecret"] = ClientSecret,
        };
        foreach (var (key, value) in provider ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        return settings.Select(s => new KeyValuePair<string, string>($"Portal:Sso:Providers:0:{s.Key}", s.Value));
    }

    private static async Task<TestIdentityProvider> StartAsync()
    {
        var databasePath = Path.Combine(Path.GetTempPath(), "portal-tests", $"idp-{Guid.NewGuid():n}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(databasePath)!);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services.AddDbContext<ProviderDb>(o =>
        {
            o.UseSqlite($"Data Source={databasePath}");
            o.UseOpenIddict();
        });
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o => o.Cookie.Name = "idp.session");
        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<ProviderDb>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetUserInfoEndpointUris("connect/userinfo")
                    .SetEndSessionEndpointUris("connect/endsession");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.RegisterScopes(Scopes.OpenId, Scopes.Email, Scopes.Profile, "groups");
                o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                o.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .DisableTransportSecurityRequirement();
            });

        var app = builder.Build();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ProviderDb>().Database.EnsureCreatedAsync();
        }

        app.UseAuthentication();
        TestIdentityProvider? self = null;
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], context => self!.AuthorizeAsync(context));
        app.MapPost("/connect/token", async context =>
        {
            var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            await context.SignInAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, result.Principal!);
        });
        app.MapMethods("/connect/userinfo", [HttpMethods.Get, HttpMethods.Post], context => self!.UserInfoAsync(context));
        app.MapMethods("/connect/endsession", [HttpMethods.Get, HttpMethods.Post], context => self!.EndSessionAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new TestIdentityProvider(app, databasePath, address.TrimEnd('/') + "/");
        return self;
    }

    private async Task AuthorizeAsync(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var session = await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        string? login = null;
        if (HttpMethods.IsPost(context.Request.Method))
        {
            if ((string?)request["submit"] == "cancel")
            {
                await context.ForbidAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.AccessDenied,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The person cancelled the sign-in.",
                }));
                return;
            }

            login = (string?)request["login"];
        }
        else if (session.Succeeded && request.Prompt != PromptValues.Login)
        {
            login = session.Principal!.Identity!.Name;
        }

        if (login is null || !People.TryGetValue(login, out var person))
        {
            await LoginPageAsync(context, login is null ? (HttpMethods.IsPost(context.Request.Method) ? "No login given. " + string.Join(",", request.GetParameters().Select(p => p.Key)) : null) : "Unknown login.");
            return;
        }

        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, login)], CookieAuthenticationDefaults.AuthenticationScheme)));
        if (person.TamperNonce)
        {
            person.TamperNonce = false;
            request.Nonce = "a-nonce-this-browser-never-asked-for";
        }

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        foreach (var claim in ClaimsOf(person))
        {
            claim.SetDestinations(Destinations.IdentityToken, Destinations.AccessToken);
            identity.AddClaim(claim);
        }

        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(request.GetScopes());
        await context.SignInAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, principal);
    }

    private static IEnumerable<Claim> ClaimsOf(TestPerson person)
    {
        yield return new Claim(Claims.Subject, person.Subject);
        yield return new Claim(Claims.Name, person.Name);
        if (person.Email is { } email)
        {
            yield return new Claim(Claims.Email, email);
        }

        if (person.EmailVerified is { } verified)
        {
            yield return new Claim(Claims.EmailVerified, verified ? "true" : "false", ClaimValueTypes.Boolean);
        }

        foreach (var (type, values) in person.Extra)
        {
            foreach (var value in values)
            {
                yield return new Claim(type, value);
            }
        }
    }

    private async Task UserInfoAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var subject = result.Principal?.GetClaim(Claims.Subject);
        var person = People.Values.FirstOrDefault(p => p.Subject == subject);
        if (person is null)
        {
            await context.ChallengeAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            return;
        }

        var body = new Dictionary<string, object> { [Claims.Subject] = person.Subject, [Claims.Name] = person.Name };
        if (person.Email is { } email)
        {
            body[Claims.Email] = email;
        }

        if (person.EmailVerified is { } verified)
        {
            body[Claims.EmailVerified] = verified;
        }

        foreach (var (type, values) in person.Extra)
        {
            body[type] = values.Length == 1 ? values[0] : values;
        }

        await context.Response.WriteAsJsonAsync(body);
    }

    private async Task EndSessionAsync(HttpContext context)
    {
        // OpenIddict has validated the id_token_hint, when one came, and gives its principal here.
        var hint = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        EndSessions.Enqueue(hint.Principal?.GetClaim(Claims.Subject) ?? "");
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignOutAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, new AuthenticationProperties { RedirectUri = "/" });
    }

    private static async Task LoginPageAsync(HttpContext context, string? error)
    {
        var request = context.GetOpenIddictServerRequest()!;
        var hidden = new StringBuilder();
        foreach (var (name, value) in request.GetParameters())
        {
            if (name is "login" or "submit")
            {
                continue;
            }

            hidden.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(name)}\" value=\"{WebUtility.HtmlEncode((string?)value)}\">");
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Test University sign-in</title></head>
            <body><h1>Test University sign-in</h1>{(error is null ? "" : $"<p role=\"alert\">{error}</p>")}
            <form method="post" action="/connect/authorize">{hidden}
            <label>Login <input name="login" autocomplete="username"></label>
            <button type="submit" name="submit" value="signin">Sign in</button>
            <button type="submit" name="submit" value="cancel">Cancel</button>
            </form></body></html>
            """);
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        registration.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(databasePath);
    }

    /// <summary>The provider's own database: OpenIddict's applications, authorizations and tokens.</summary>
    private sealed class ProviderDb(DbContextOptions<ProviderDb> options) : DbContext(options);
}
