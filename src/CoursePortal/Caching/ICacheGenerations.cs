namespace CoursePortal.Caching;

/// <summary>What the cache needs of the marks, kept in this process (<see cref="CacheGenerations"/>) or in Redis (<see cref="SharedCacheGenerations"/>).</summary>
public interface ICacheGenerations
{
    /// <summary>Called as a request enters the cache, without I/O.</summary>
    void BeginRequest();

    /// <summary>What the output cache varies the current request's key by: "" where lookups may be shared.</summary>
    string LookupToken { get; }

    /// <summary>Called before <paramref name="tags"/> are evicted: what was rendered before now is stale.</summary>
    ValueTask MarkAsync(IReadOnlyCollection<string> tags, CancellationToken cancellationToken);
}
