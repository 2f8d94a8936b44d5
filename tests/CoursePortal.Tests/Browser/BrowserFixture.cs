using CoursePortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CoursePortal.Tests.Browser;

/// <summary>
/// The portal on a real Kestrel port and the system Chromium driven by Playwright (never a
/// downloaded browser). Without a browser the tests skip with the reason, except under CI=true,
/// where a missing browser fails them.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    public BrowserFixture()
        : this(new BrowserApplication())
    {
    }

    /// <summary>A fixture around another portal application, e.g. one with single sign-on.</summary>
    protected BrowserFixture(PortalApplication app) => App = app;

    private static readonly string[] KnownPaths = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    private IPlaywright? playwright;

    public PortalApplication App { get; }

    public IBrowser? Browser { get; private set; }

    public string? SkipReason { get; private set; }

    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var path = FindChromium();
        if (path is null)
        {
            const string reason = "No Chromium found: install Debian's chromium package or set PORTAL_CHROMIUM to the browser's path.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(reason);
            }

            SkipReason = reason;
            return;
        }

        App.UseKestrel(0);
        App.StartServer();
        var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = address.Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal).Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        await StartedAsync();

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>Runs once the portal listens at <see cref="BaseUrl"/>.</summary>
    protected virtual Task StartedAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>
    /// Runs <paramref name="test"/> in a fresh browser context; if it fails, a screenshot of the page is
    /// kept in TestResults/screenshots for whoever reads the CI log.
    /// </summary>
    public async Task RunAsync(string name, Func<IPage, Task> test, BrowserNewContextOptions? options = null)
    {
        Skip.If(SkipReason is not null, SkipReason);
        await using var context = await Browser!.NewContextAsync(options ?? new BrowserNewContextOptions());
        var page = await context.NewPageAsync();
        try
        {
            await test(page);
        }
        catch
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
            throw;
        }
    }

    /// <summary>Signs in through the real form, as a person would.</summary>
    public async Task SignInAsync(IPage page, string email, string password = PortalApplication.DefaultPassword)
    {
        await page.GotoAsync(BaseUrl + "/Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        // Polls the address rather than waiting for a load event: under load the event was once missed
        // though the staff page was on screen.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Staff$"), new() { Timeout = 30_000 });
    }

    private static string? FindChromium()
    {
        var configured = Environment.GetEnvironmentVariable("PORTAL_CHROMIUM");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : null;
        }

        return KnownPaths.FirstOrDefault(File.Exists);
    }
}

/// <summary>The portal for browser tests; it needs a real port, so it cannot use the in-memory server.</summary>
public sealed class BrowserApplication : PortalApplication;
