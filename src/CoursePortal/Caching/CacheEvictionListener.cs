using CoursePortal.Hosting;
using StackExchange.Redis;

namespace CoursePortal.Caching;

/// <summary>Frees this instance's copies of what another instance evicted (see <see cref="SharedCacheStore"/>).</summary>
public sealed class CacheEvictionListener(IServiceProvider services) : IHostedService
{
    private ChannelMessageQueue? queue;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<PortalRedis>() is not { } redis)
        {
            return;
        }

        var store = services.GetRequiredService<SharedCacheStore>();
        queue = await redis.Connection.GetSubscriber().SubscribeAsync(store.Evictions);
        queue.OnMessage(message => store.EvictHereAsync(message.Message.ToString()).AsTask());
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (queue is null)
        {
            return;
        }

        try
        {
            await queue.UnsubscribeAsync();
        }
        catch (Exception e) when (e is ObjectDisposedException or RedisConnectionException or RedisTimeoutException)
        {
            // The connection closed first (the container disposes it at shutdown) or Redis is away: the subscription goes
            // with the connection, and an instance that stops must not fail to stop for it.
        }
    }
}
