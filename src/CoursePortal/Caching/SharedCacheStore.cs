using System.Text;
using CoursePortal.Hosting;
using Microsoft.AspNetCore.OutputCaching;
using StackExchange.Redis;

namespace CoursePortal.Caching;

/// <summary>
/// The output cache's store when several instances run (<c>Portal:Redis</c> set). Each instance keeps
/// the responses it rendered in its own memory; the marks of <see cref="SharedCacheGenerations"/> live in Redis.
/// <para>
/// Why not one shared store (the official Redis output-cache store)? A hit there moves the whole body
/// over the network, and it still needs these marks to keep a render that read the database before a
/// save from being stored after that save's eviction. Here a hit is one small read of a few hash fields
/// (no body), checked against the generation the response was rendered under, and that check is what
/// makes an edit saved on instance A what instance B serves on its very next request: A's save has
/// raised the marks before it answers. That check is made for each request (the middleware's own sharing
/// of lookups is undone, see <see cref="SharedCacheGenerations.LookupToken"/>); concurrent checks share one
/// read of Redis sent after each of them began (SharedCacheGenerations), so
/// under load a hit costs a fraction of a round trip. A hit with no round trip at all cannot be told of
/// a save on another instance in time, only soon after; the issue asks for the very next request.
/// Evictions are also published, so the other instances free the memory at once, but nothing depends
/// on when that message arrives.
/// </para>
/// Pages that change by themselves (a release time, midnight) expire on each instance as before: each
/// one records the instant for the responses it rendered itself (<see cref="PublicCache.ExpireAt"/>).
/// </summary>
public sealed class SharedCacheStore(IOutputCacheStore local, SharedCacheGenerations generations, PortalRedis redis, ILogger<SharedCacheStore> logger)
    : IOutputCacheStore
{
    public RedisChannel Evictions { get; } = redis.Channel("cache:evictions");

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (OwnKey(key) is not { } own)
        {
            // A lookup that may answer other requests too: none of them may be told a copy is current (nor store one).
            return null;
        }

        var stored = await local.GetAsync(own, cancellationToken);
        try
        {
            if (stored is null)
            {
                await generations.NoteStartAsync();
                return null;
            }

            var (rendered, tags, body) = Unwrap(stored);
            return await generations.IsCurrentAsync(rendered, tags) ? body.ToArray() : null;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Without Redis no copy can be shown current: render the page (and store nothing, the start being unknown).
            logger.LogWarning("The output cache could not reach Redis ({Error}); serving the page uncached.", e.GetType().Name);
            return null;
        }
    }

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        try
        {
            if (OwnKey(key) is not { } own || await generations.IsStaleAsync(tags) || generations.Current is not { } rendered)
            {
                return;
            }

            // No second check after storing, as FreshOnlyStore needs: every hit is checked against the marks anyway.
            await local.SetAsync(own, Wrap(rendered, tags ?? [], value), tags, validFor, cancellationToken);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning("The output cache could not reach Redis ({Error}); the page is not stored.", e.GetType().Name);
        }
    }

    public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        await local.EvictByTagAsync(tag, cancellationToken);
        try
        {
            await redis.Connection.GetSubscriber().PublishAsync(Evictions, tag);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Only memory is at stake: the other instances' copies already fail their check.
            logger.LogWarning("An eviction could not be published to the other instances ({Error}).", e.GetType().Name);
        }
    }

    /// <summary>An eviction published by an instance (this one included): drop the copies kept here.</summary>
    public ValueTask EvictHereAsync(string tag) => local.EvictByTagAsync(tag, CancellationToken.None);

    /// <summary>
    /// The key a response is kept under here: the middleware's key without the current request's
    /// <see cref="SharedCacheGenerations.LookupToken"/>, or null if the key does not hold it (then the middleware
    /// may share this lookup with requests that came after its check, so it must find nothing).
    /// </summary>
    private string? OwnKey(string key)
    {
        var token = generations.LookupToken;
        return token.Length > 0 && key.Contains(token, StringComparison.Ordinal) ? key.Replace(token, "", StringComparison.Ordinal) : null;
    }

    /// <summary>The response with what its check needs in front: the generation it was rendered under and its tags.</summary>
    private static byte[] Wrap(SharedCacheGenerations.Generation rendered, string[] tags, byte[] body)
    {
        using var stream = new MemoryStream(body.Length + 64);
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(rendered.Since);
            writer.Write(rendered.Start);
            writer.Write(tags.Length);
            foreach (var tag in tags)
            {
                writer.Write(tag);
            }
        }

        stream.Write(body);
        return stream.ToArray();
    }

    private static (SharedCacheGenerations.Generation Rendered, string[] Tags, ReadOnlyMemory<byte> Body) Unwrap(byte[] stored)
    {
        using var stream = new MemoryStream(stored, writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        var rendered = new SharedCacheGenerations.Generation(reader.ReadInt64(), reader.ReadInt64());
        var tags = new string[reader.ReadInt32()];
        for (var i = 0; i < tags.Length; i++)
        {
            tags[i] = reader.ReadString();
        }

        return (rendered, tags, stored.AsMemory((int)stream.Position));
    }
}
