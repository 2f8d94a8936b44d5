using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CoursePortal.Hosting;

/// <summary>Says where to open the portal once it serves, so the first run ends with an address to click.</summary>
public static class StartupMessage
{
    /// <summary>A listening address as a person can open it: "http://[::]:8080" → "http://localhost:8080".</summary>
    public static string Browsable(string address) =>
        address.Replace("://[::]", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
            .Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal);

    public static void LogAddresses(this WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            app.Logger.LogInformation("Course Portal is ready: open {Url}/", Browsable(address).TrimEnd('/'));
        }
    }
}
