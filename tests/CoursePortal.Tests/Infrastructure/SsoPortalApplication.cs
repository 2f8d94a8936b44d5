using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace CoursePortal.Tests.Infrastructure;

/// <summary>
/// The portal with the test run's OpenID Connect provider (<see cref="TestIdentityProvider"/>) as its one single sign-on
/// provider, "uni"; subclasses change the provider's settings or the portal's.
/// </summary>
public class SsoPortalApplication : PortalApplication
{
    public SsoPortalApplication()
    {
        // The provider's tokens and the browser's cookies live in real time: the sign-in's cookies would be born expired
        // at the demo's mid-term date.
        Clock.AdvanceQuietly(DateTimeOffset.UtcNow - Clock.Now);
        Provider = TestIdentityProvider.Shared.GetAwaiter().GetResult();
        Task.Run(() => Provider.RegisterPortalAsync("http://localhost")).GetAwaiter().GetResult();
    }

    public TestIdentityProvider Provider { get; }

    /// <summary>Settings of the provider beyond its name, authority and client (keys as under Portal:Sso:Providers:0).</summary>
    protected virtual IReadOnlyDictionary<string, string> ProviderSettings => new Dictionary<string, string>();

    /// <summary>Other portal settings, e.g. Portal:Sso:DisablePasswords.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> PortalSettings => [];

    protected override IEnumerable<KeyValuePair<string, string>> Settings => Provider.PortalSettings(ProviderSettings).Concat(PortalSettings);

    /// <summary>
    /// Signs in at the provider as a browser would: presses the provider's button on <paramref name="startUrl"/>, signs in
    /// on the provider's page as <paramref name="login"/> (or presses Cancel when null), and follows the redirects back
    /// into the portal until a page answers. <paramref name="changeCallback"/> may alter the address the provider sends
    /// the browser back to (a tampered response).
    /// </summary>
    public async Task<SsoResult> SsoSignInAsync(HttpClient portal, string? login, string startUrl = "/Account/Login", HttpClient? providerBrowser = null, Func<Uri, Uri>? changeCallback = null)
    {
        using var ownBrowser = providerBrowser is null ? ProviderBrowser() : null;
        var idp = providerBrowser ?? ownBrowser!;
        using var start = await portal.SubmitFormAsync(startUrl, new Dictionary<string, string?>(), "form.sso-form");
        Assert.True(start.StatusCode == HttpStatusCode.Redirect, $"The sign-in button on {startUrl} gave {(int)start.StatusCode}: {await start.Content.ReadAsStringAsync()}");
        var authorize = start.Headers.Location!;
        Assert.StartsWith(Provider.Authority, authorize.ToString(), StringComparison.Ordinal);

        var atProvider = await idp.GetAsync(authorize);
        if (atProvider.StatusCode == HttpStatusCode.OK)
        {
            var loginPage = await atProvider.ReadDocumentAsync();
            var form = loginPage.QuerySelector<IHtmlFormElement>("form")!;
            var fields = Forms.FieldsOf(form);
            fields.RemoveAll(f => f.Key == "login");
            fields.Add(new("login", login ?? ""));
            fields.Add(new("submit", login is null ? "cancel" : "signin"));
            atProvider.Dispose();
            atProvider = await idp.PostAsync(new Uri(new Uri(Provider.Authority), form.GetAttribute("action")), new FormUrlEncodedContent(fields));
        }

        Assert.True(atProvider.StatusCode == HttpStatusCode.Redirect, $"The provider gave {(int)atProvider.StatusCode}: {await atProvider.Content.ReadAsStringAsync()}");
        var callback = atProvider.Headers.Location!;
        atProvider.Dispose();
        Assert.StartsWith($"http://localhost/sso/{TestIdentityProvider.ProviderName}/callback", callback.ToString(), StringComparison.Ordinal);
        return await FollowAsync(portal, changeCallback?.Invoke(callback) ?? callback);
    }

    /// <summary>GETs <paramref name="url"/> in the portal and follows its redirects inside the portal; the last answer and every address passed.</summary>
    public static async Task<SsoResult> FollowAsync(HttpClient portal, Uri url)
    {
        var trail = new List<string>();
        var response = await portal.GetAsync(url);
        trail.Add(url.PathAndQuery);
        for (var hops = 0; response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found && hops < 10; hops++)
        {
            var next = response.Headers.Location!;
            if (next.IsAbsoluteUri && next.Host != "localhost")
            {
                break;
            }

            response.Dispose();
            response = await portal.GetAsync(next);
            trail.Add(next.IsAbsoluteUri ? next.PathAndQuery : next.OriginalString);
        }

        return new SsoResult(response, trail, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A browser for the provider's pages, with its own cookies (the provider's session).</summary>
    public static HttpClient ProviderBrowser() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { Timeout = TimeSpan.FromSeconds(30) };
}

/// <summary>Where a single sign-on ended: the last response, the portal addresses on the way, and the page's HTML.</summary>
public sealed record SsoResult(HttpResponseMessage Response, IReadOnlyList<string> Trail, string Html) : IDisposable
{
    public HttpStatusCode Status => Response.StatusCode;

    public string LastPath => Trail[^1];

    public void Dispose() => Response.Dispose();
}
