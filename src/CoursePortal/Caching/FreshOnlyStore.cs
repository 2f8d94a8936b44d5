using Microsoft.AspNetCore.OutputCaching;

namespace CoursePortal.Caching;

/// <summary>The output cache's store, refusing responses that <see cref="CacheGenerations"/> calls stale.</summary>
public sealed class FreshOnlyStore(IOutputCacheStore inner, CacheGenerations generations) : IOutputCacheStore
{
    public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken) => inner.EvictByTagAsync(tag, cancellationToken);

    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        if (generations.IsStale(tags))
        {
            return;
        }

        await inner.SetAsync(key, value, tags, validFor, cancellationToken);
        if (generations.IsStale(tags))
        {
            // A save evicted a tag while this was being stored: drop what may have landed after it.
            foreach (var tag in tags!)
            {
                await inner.EvictByTagAsync(tag, cancellationToken);
            }
        }
    }
}
