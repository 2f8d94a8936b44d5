using CoursePortal.Hosting;
using StackExchange.Redis;

namespace CoursePortal.Caching;

/// <summary>
/// <see cref="CacheGenerations"/> for several instances: the counter and the tags' marks live in one Redis
/// hash that every instance reads, so a save on one instance makes what any instance rendered before it stale.
/// <para>
/// The hash also holds <c>since</c>, a random number drawn when the hash was made. If Redis loses the hash
/// (a restart without persistence, a flush), the next instance to need it makes it anew with another
/// <c>since</c>, and every cached response noted under the old one is stale: marks lost with the hash
/// can then never let an old page through.
/// </para>
/// </summary>
public sealed class SharedCacheGenerations(PortalRedis redis) : ICacheGenerations
{
    /// <summary>
    /// One atomic step, so marks only ever rise and the counter and marks are never seen half-written:
    /// make the hash if it is missing (with the <c>since</c> given), raise the counter, and mark each tag given with it.
    /// </summary>
    private const string MarkScript = """
        if redis.call('HSETNX', KEYS[1], '#since', ARGV[1]) == 1 then redis.call('HSET', KEYS[1], '#counter', 0) end
        local n = redis.call('HINCRBY', KEYS[1], '#counter', 1)
        for i = 2, #ARGV do redis.call('HSET', KEYS[1], ARGV[i], n) end
        return n
        """;

    private static readonly RedisValue Since = "#since";
    private static readonly RedisValue Counter = "#counter";

    /// <summary>Filled in by the store once the request reaches it: no Redis work for requests the cache never sees.</summary>
    private static readonly AsyncLocal<RequestState> RequestStart = new();

    private readonly RedisKey state = redis.Key("cache:generations");
    private readonly Lock batching = new();
    private Batch? waiting;
    private bool reading;

    /// <summary>The hash a response was rendered under and the counter when its request started.</summary>
    public readonly record struct Generation(long Since, long Start);

    public void BeginRequest() => RequestStart.Value = new RequestState();

    /// <summary>
    /// Unique to the current request. The output-cache middleware hands every request that asks for a key while
    /// a lookup of that key is on its way that lookup's answer, checked against the marks as they were when the
    /// lookup read them, possibly before a save the later request came after. Varying the key by this value
    /// (<see cref="SharedCacheStore"/> takes it out again) gives every request a lookup and a check of its own.
    /// </summary>
    public string LookupToken => RequestStart.Value?.Token ?? "";

    /// <summary>When the current request started, once the store has noted it; null if Redis could not say.</summary>
    public Generation? Current => RequestStart.Value?.Start;

    public async ValueTask MarkAsync(IReadOnlyCollection<string> tags, CancellationToken cancellationToken)
    {
        if (tags.Count > 0)
        {
            await MarkAsync(tags.Select(t => (RedisValue)t));
        }
    }

    /// <summary>
    /// One round trip on a hit: whether a response rendered at <paramref name="rendered"/> is still
    /// current, having noted the request's own start in case it is not and the page is rendered anew.
    /// </summary>
    public async ValueTask<bool> IsCurrentAsync(Generation rendered, string[] tags)
    {
        var now = await ReadAsync(tags);
        return now.Generation.Since == rendered.Since && now.Marks.All(m => m <= rendered.Start);
    }

    /// <summary>Notes the current request's start (on a miss, before the page is rendered).</summary>
    public async ValueTask NoteStartAsync() => await ReadAsync([]);

    /// <summary>Whether a save marked one of <paramref name="tags"/> after the current request started (or the start is unknown).</summary>
    public async ValueTask<bool> IsStaleAsync(string[]? tags)
    {
        if (Current is not { } start)
        {
            return true;
        }

        var now = await ReadAsync(tags ?? [], note: false);
        return now.Generation.Since != start.Since || now.Marks.Any(m => m > start.Start);
    }

    private async Task<(Generation Generation, IEnumerable<long> Marks)> ReadAsync(string[] tags, bool note = true)
    {
        var box = RequestStart.Value;
        var snapshot = await ReadSharedAsync(tags);
        if (note && box is not null)
        {
            box.Start = snapshot.Generation;
        }

        return (snapshot.Generation, tags.Where(snapshot.Marks.ContainsKey).Select(t => snapshot.Marks[t]));
    }

    /// <summary>
    /// A read of the marks sent after this call, shared by every call that arrives while the read before
    /// it is on its way. Such a read sees every mark raised before the call (Redis runs commands in order),
    /// which is all a hit needs; under load one round trip then serves many hits instead of one each.
    /// </summary>
    private Task<Snapshot> ReadSharedAsync(string[] tags)
    {
        Batch batch;
        bool send;
        lock (batching)
        {
            waiting ??= new Batch();
            waiting.Tags.UnionWith(tags);
            batch = waiting;
            send = !reading;
            if (send)
            {
                reading = true;
                waiting = null;
            }
        }

        if (send)
        {
            _ = SendAsync(batch);
        }

        return batch.Done.Task;
    }

    private async Task SendAsync(Batch batch)
    {
        while (true)
        {
            try
            {
                batch.Done.SetResult(await ReadNowAsync([.. batch.Tags]));
            }
            catch (Exception e)
            {
                batch.Done.SetException(e);
            }

            lock (batching)
            {
                if (waiting is null)
                {
                    reading = false;
                    return;
                }

                batch = waiting;
                waiting = null;
            }
        }
    }

    private async Task<Snapshot> ReadNowAsync(string[] tags)
    {
        var fields = new RedisValue[tags.Length + 2];
        fields[0] = Since;
        fields[1] = Counter;
        for (var i = 0; i < tags.Length; i++)
        {
            fields[i + 2] = tags[i];
        }

        var values = await redis.Database.HashGetAsync(state, fields);
        Generation generation;
        if (values[0].IsNull || values[1].IsNull)
        {
            // No hash yet (a new Redis, or one that lost it): make it. Nothing cached under an older one survives.
            var counter = await MarkAsync([]);
            generation = new Generation((long)(await redis.Database.HashGetAsync(state, Since)), counter);
        }
        else
        {
            generation = new Generation((long)values[0], (long)values[1]);
        }

        var marks = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < tags.Length; i++)
        {
            if (!values[i + 2].IsNull)
            {
                marks[tags[i]] = (long)values[i + 2];
            }
        }

        return new Snapshot(generation, marks);
    }

    private sealed class RequestState
    {
        public string Token { get; } = Guid.NewGuid().ToString("n");

        public Generation? Start { get; set; }
    }

    private sealed record Snapshot(Generation Generation, Dictionary<string, long> Marks);

    /// <summary>Calls waiting for the next read, and the tags they need.</summary>
    private sealed class Batch
    {
        public HashSet<string> Tags { get; } = new(StringComparer.Ordinal);

        public TaskCompletionSource<Snapshot> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private async Task<long> MarkAsync(IEnumerable<RedisValue> tags)
    {
        var since = Random.Shared.NextInt64(1, long.MaxValue);
        var result = await redis.Database.ScriptEvaluateAsync(MarkScript, [state], [since, .. tags]);
        return (long)result;
    }
}
