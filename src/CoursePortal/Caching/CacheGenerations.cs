using System.Collections.Concurrent;

namespace CoursePortal.Caching;

/// <summary>
/// Keeps a response rendered from data older than the latest save of its course out of the cache.
/// Every eviction marks its tag with a rising number before it evicts; every request notes the number
/// when it starts. A response is stored only if none of its tags was marked after its request started,
/// and checked again once stored (an eviction between the check and the store then drops it).
/// </summary>
public sealed class CacheGenerations : ICacheGenerations
{
    private static readonly AsyncLocal<long?> RequestStart = new();

    private readonly ConcurrentDictionary<string, long> marks = new(StringComparer.Ordinal);
    private long counter;

    /// <summary>Called as a request enters the cache: later evictions make what it renders stale.</summary>
    public void BeginRequest() => RequestStart.Value = Interlocked.Read(ref counter);

    /// <summary>
    /// Lookups here read memory that a save has evicted before it returns, and finish without waiting, so the
    /// middleware's sharing of a lookup can hand a later request only what was current microseconds before it.
    /// </summary>
    public string LookupToken => "";

    /// <summary>Called before a tag is evicted.</summary>
    public void Mark(string tag) => marks[tag] = Interlocked.Increment(ref counter);

    public ValueTask MarkAsync(IReadOnlyCollection<string> tags, CancellationToken cancellationToken)
    {
        foreach (var tag in tags)
        {
            Mark(tag);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Whether the current request began before an eviction of one of <paramref name="tags"/>.</summary>
    public bool IsStale(IEnumerable<string>? tags) =>
        RequestStart.Value is { } start && tags is not null && tags.Any(t => marks.TryGetValue(t, out var mark) && mark > start);
}
