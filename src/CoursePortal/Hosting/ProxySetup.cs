using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace CoursePortal.Hosting;

/// <summary>
/// Behind a reverse proxy: trust X-Forwarded-For/Proto/Host from loopback and the configured
/// proxies only, so generated absolute links (feeds, calendar, invitations) carry the public scheme
/// and host; serve under <c>Portal:PathBase</c>; send HSTS on HTTPS.
/// </summary>
public static class ProxySetup
{
    public static IServiceCollection AddPortalProxy(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<PortalOptions>, IConfiguration>((o, portal, configuration) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            foreach (var proxy in portal.Value.ForwardedHeaders.KnownProxies)
            {
                o.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }

            foreach (var network in portal.Value.ForwardedHeaders.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }

            // A forwarded host must be one the site answers to.
            var allowed = configuration["AllowedHosts"];
            if (!string.IsNullOrEmpty(allowed) && allowed != "*")
            {
                foreach (var host in allowed.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    o.AllowedHosts.Add(host);
                }
            }
        });
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        return services;
    }

    public static WebApplication UsePortalProxy(this WebApplication app)
    {
        app.UseForwardedHeaders();
        var pathBase = app.Services.GetRequiredService<IOptions<PortalOptions>>().Value.PathBase;
        if (pathBase.Length > 0)
        {
            app.UsePathBase(pathBase);
        }

        app.UseHsts();
        return app;
    }
}
