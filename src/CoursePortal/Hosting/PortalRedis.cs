using Medallion.Threading;
using Medallion.Threading.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using StackExchange.Redis.KeyspaceIsolation;

namespace CoursePortal.Hosting;

/// <summary>
/// The one Redis connection of an instance, when <c>Portal:Redis</c> is set, and the names of everything
/// the portal keeps there, all under <c>Portal:RedisPrefix</c>. Registered only then: with the setting
/// empty nothing resolves it and no code path reaches Redis.
/// </summary>
public sealed class PortalRedis : IDisposable
{
    private PortalRedis(IConnectionMultiplexer connection, string prefix)
    {
        Connection = connection;
        Prefix = prefix;
    }

    public IConnectionMultiplexer Connection { get; }

    public string Prefix { get; }

    public IDatabase Database => Connection.GetDatabase();

    public RedisKey Key(string name) => Prefix + name;

    public RedisChannel Channel(string name) => RedisChannel.Literal(Prefix + name);

    /// <summary>
    /// Connects, or stops the start. An instance without Redis cannot do its job: its start-up work
    /// already saves (and a save tells the other instances' caches through Redis), it could not read the
    /// shared sign-in keys, and a readiness probe would only hide a misconfiguration behind a restart
    /// loop that never says why. Later outages are different: the connection heals by itself and
    /// <c>/readyz</c> reports "redis" unhealthy meanwhile.
    /// </summary>
    public static PortalRedis Connect(PortalOptions options)
    {
        var configuration = ConfigurationOptions.Parse(options.Redis);
        // Keep retrying after the first connection; while disconnected, fail commands at once rather than
        // queueing them, so a request gets its answer (uncached, or an error) instead of waiting.
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ClientName ??= "course-portal";
        var connection = ConnectionMultiplexer.Connect(configuration);
        if (!connection.IsConnected)
        {
            connection.Dispose();
            // Endpoints only: the connection string may carry a password.
            throw new UnreachableException(string.Join(", ", configuration.EndPoints.Select(Format)));
        }

        return new PortalRedis(connection, options.RedisPrefix);
    }

    private static string Format(System.Net.EndPoint endpoint) => endpoint switch
    {
        System.Net.DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        _ => endpoint.ToString() ?? "",
    };

    public void Dispose() => Connection.Dispose();

    /// <summary>Redis did not answer at start; the message names the servers, never the password.</summary>
    public sealed class UnreachableException(string endpoints)
        : Exception($"Redis at {endpoints} (Portal:Redis) did not answer.");
}

public static class PortalRedisSetup
{
    /// <summary>Whether <c>Portal:Redis</c> is set, read where services are registered.</summary>
    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{PortalOptions.Section}:{nameof(PortalOptions.Redis)}"]);

    /// <summary>
    /// When <c>Portal:Redis</c> is set: the connection, the per-file locks, and the "redis" readiness check.
    /// The other shared parts pick Redis up where they are set up (Accounts/AuthSetup.cs for sign-in keys,
    /// Caching/PublicCache.cs for the output cache, Hosting/RateLimits.cs for rate limits).
    /// </summary>
    public static IServiceCollection AddPortalRedis(this IServiceCollection services, IConfiguration configuration)
    {
        if (!IsConfigured(configuration))
        {
            return services;
        }

        services.AddSingleton(sp => PortalRedis.Connect(sp.GetRequiredService<IOptions<PortalOptions>>().Value));
        services.AddSingleton(sp => sp.GetRequiredService<PortalRedis>().Connection);

        // Locks that hold across instances (the file store takes one per stored file). Replace, so this
        // wins over the in-process provider whichever is registered first (that one is a TryAdd).
        services.Replace(ServiceDescriptor.Singleton<IDistributedLockProvider>(sp =>
        {
            var redis = sp.GetRequiredService<PortalRedis>();
            return new RedisDistributedSynchronizationProvider(redis.Database.WithKeyPrefix(redis.Key("lock:")));
        }));

        services.AddHealthChecks().AddCheck<RedisCheck>("redis", tags: [Health.HealthEndpoints.Ready]);
        return services;
    }

    /// <summary>Connects now, so a Redis that does not answer stops the start with its message (see <see cref="PortalRedis.Connect"/>).</summary>
    public static void ConnectRedis(this IServiceProvider services) => services.GetService<PortalRedis>();

    /// <summary>A PING through the shared connection.</summary>
    private sealed class RedisCheck(PortalRedis redis) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var latency = await redis.Database.PingAsync();
                return HealthCheckResult.Healthy($"answered in {latency.TotalMilliseconds:0.#} ms");
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // The exception's own message may quote the configuration; say what failed instead.
                return HealthCheckResult.Unhealthy($"Redis did not answer ({e.GetType().Name}).");
            }
        }
    }
}
