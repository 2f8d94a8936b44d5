using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CoursePortal.Tests.Infrastructure;

/// <summary>
/// A portal instance with <c>Portal:Redis</c> set. Two of them on one data directory (so one SQLite
/// file, standing in for one PostgreSQL) and one prefix are two instances of one portal.
/// </summary>
public sealed class RedisPortalApplication : PortalApplication
{
    private readonly IReadOnlyDictionary<string, string> extra;
    private readonly bool listensForEvictions;

    private RedisPortalApplication(string dataDirectory, string prefix, IReadOnlyDictionary<string, string>? settings, bool listensForEvictions)
        : base(dataDirectory)
    {
        Prefix = prefix;
        extra = settings ?? new Dictionary<string, string>();
        this.listensForEvictions = listensForEvictions;
    }

    public string Prefix { get; }

    /// <summary>The first instance: a new data directory and a new prefix, started at once so the second can join it.</summary>
    public static RedisPortalApplication First(IReadOnlyDictionary<string, string>? settings = null)
    {
        _ = TestRedis.Connection;
        var app = new RedisPortalApplication(Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("n")), TestRedis.NewPrefix(), settings, listensForEvictions: true);
        _ = app.Server;
        return app;
    }

    /// <summary>
    /// Another instance of <paramref name="first"/>'s portal. By default without the eviction listener, so
    /// only the marks in Redis can keep its cache current, not how fast a published eviction arrives.
    /// </summary>
    public static RedisPortalApplication JoinOf(RedisPortalApplication first, bool listensForEvictions = false)
    {
        var app = new RedisPortalApplication(first.DataDirectory, first.Prefix, first.extra, listensForEvictions);
        _ = app.Server;
        return app;
    }

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("Portal:Redis", TestRedis.ConnectionString), new("Portal:RedisPrefix", Prefix), .. extra];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (!listensForEvictions)
        {
            builder.ConfigureTestServices(services =>
            {
                var listener = services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(CoursePortal.Caching.CacheEvictionListener));
                services.Remove(listener);
            });
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && OwnsDataDirectory)
        {
            TestRedis.DeleteKeys(Prefix);
        }
    }
}
