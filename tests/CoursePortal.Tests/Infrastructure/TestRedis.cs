using StackExchange.Redis;

namespace CoursePortal.Tests.Infrastructure;

/// <summary>The Redis the tests use (<c>PORTAL_TEST_REDIS</c>), each test app under a prefix of its own.</summary>
public static class TestRedis
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("PORTAL_TEST_REDIS") is { Length: > 0 } configured ? configured : "127.0.0.1:6379";

    private static readonly Lazy<ConnectionMultiplexer> Shared = new(() =>
    {
        var options = ConfigurationOptions.Parse(ConnectionString);
        options.AbortOnConnectFail = false;
        // Two cores running the whole suite: the defaults (5 s) were once too short for a clean-up at a busy moment.
        options.ConnectTimeout = 15_000;
        options.SyncTimeout = 15_000;
        var connection = ConnectionMultiplexer.Connect(options);
        if (!connection.IsConnected)
        {
            connection.Dispose();
            throw new InvalidOperationException(
                $"These tests need Redis at {ConnectionString} (PORTAL_TEST_REDIS), which did not answer. Start it with `redis-server --daemonize yes`, or point PORTAL_TEST_REDIS at one.");
        }

        return connection;
    });

    /// <summary>The tests' own connection (to look at and clean up what the portal keeps), failing with how to start Redis when it is down.</summary>
    public static ConnectionMultiplexer Connection => Shared.Value;

    /// <summary>A prefix no other test app uses.</summary>
    public static string NewPrefix() => $"portal-test:{Guid.NewGuid():n}:";

    /// <summary>The keys under <paramref name="prefix"/>.</summary>
    public static List<string> Keys(string prefix) =>
        Connection.GetServers().SelectMany(s => s.Keys(pattern: prefix + "*")).Select(k => k.ToString()).ToList();

    /// <summary>
    /// Removes a finished test app's keys, as housekeeping only: the keys live under a prefix no other app reads, and a
    /// fresh Redis starts empty. Tried five times, then left: a class's clean-up failed whole CI runs on a connection
    /// that a test restarting Redis had dropped, though every test had passed.
    /// </summary>
    public static void DeleteKeys(string prefix)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var keys = Connection.GetServers().SelectMany(s => s.Keys(pattern: prefix + "*")).ToArray();
                if (keys.Length > 0)
                {
                    Connection.GetDatabase().KeyDelete(keys);
                }

                return;
            }
            catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
            {
                if (attempt == 5)
                {
                    Console.Error.WriteLine($"Test Redis clean-up of {prefix}* left undone: {e.Message}");
                    return;
                }

                Thread.Sleep(TimeSpan.FromMilliseconds(500 * attempt)); // a reconnect needs time; nothing else to wait on
            }
        }
    }
}
