using System.Collections.Concurrent;
using CoursePortal.Hosting;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;

namespace CoursePortal.Caching;

/// <summary>
/// Public pages, feeds and JSON are served from the output cache, never stale:
/// <list type="bullet">
/// <item>every save that touches a course evicts that course's tag (and the course list's), and a
/// response rendered before such an eviction is never stored after it (<see cref="CacheGenerations"/>);</item>
/// <item>a page that will change by itself — a material's release time, an announcement's publish time,
/// the end of the next lecture, midnight in the course's zone — records when, and the first request after
/// that instant evicts it. No database work happens on a hit.</item>
/// </list>
/// Signed-in staff always bypass the cache and see the live page.
/// </summary>
public sealed class PublicCache(IOutputCacheStore store, ICacheGenerations generations, TimeProvider clock)
{
    public const string Policy = "public";
    public const string ListTag = "courses";

    /// <summary>On every cached public response, to drop them all at once.</summary>
    public const string AllTag = "public";

    private readonly ConcurrentDictionary<string, DateTime> expiries = new(StringComparer.Ordinal);

    public static string CourseTag(int courseId) => $"course-{courseId}";

    /// <summary>Tags the response being cached, so evicting the tag drops it.</summary>
    public static void Tag(HttpContext context, string tag) =>
        context.Features.Get<IOutputCacheFeature>()?.Context.Tags.Add(tag);

    /// <summary>Tags the response with its course and records when the course page will change by itself.</summary>
    public void CacheCourse(HttpContext context, Courses.CoursePage page)
    {
        var tag = CourseTag(page.Course.Id);
        Tag(context, tag);
        ExpireAt(tag, page.NextChangeUtc);
    }

    /// <summary>Remembers that what is cached under <paramref name="tag"/> changes by itself at <paramref name="utc"/>.</summary>
    public void ExpireAt(string tag, DateTime utc) =>
        expiries.AddOrUpdate(tag, utc, (_, current) => utc < current ? utc : current);

    public async Task EvictAsync(IEnumerable<string> tags, CancellationToken cancellationToken)
    {
        var distinct = tags.Distinct(StringComparer.Ordinal).ToList();
        foreach (var tag in distinct)
        {
            expiries.TryRemove(tag, out _);
        }

        await MarkAndEvictAsync(distinct, cancellationToken);
    }

    /// <summary>
    /// Runs before the cache: drops entries whose recorded instant has passed. Memory only, no I/O, unless
    /// one is due (then, with several instances, one round trip to mark it in Redis).
    /// </summary>
    public async Task EvictDueAsync(CancellationToken cancellationToken)
    {
        if (expiries.IsEmpty)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var due = expiries.Where(e => e.Value <= now && expiries.TryRemove(e)).Select(e => e.Key).ToList();
        if (due.Count > 0)
        {
            await MarkAndEvictAsync(due, cancellationToken);
        }
    }

    private async Task MarkAndEvictAsync(List<string> tags, CancellationToken cancellationToken)
    {
        await generations.MarkAsync(tags, cancellationToken);
        foreach (var tag in tags)
        {
            await store.EvictByTagAsync(tag, cancellationToken);
        }
    }
}

public static class PublicCacheSetup
{
    public static IServiceCollection AddPublicCache(this IServiceCollection services)
    {
        services.AddSingleton<PublicCache>();
        services.AddSingleton<CacheGenerations>();
        services.AddSingleton(sp => new SharedCacheGenerations(sp.GetRequiredService<PortalRedis>()));
        // With several instances (Portal:Redis set) the marks live in Redis; see SharedCacheStore for why.
        services.AddSingleton<ICacheGenerations>(sp => sp.GetService<PortalRedis>() is null
            ? sp.GetRequiredService<CacheGenerations>()
            : sp.GetRequiredService<SharedCacheGenerations>());
        services.AddOutputCache(o =>
        {
            // A safety net only: eviction keeps entries current, so they may live long. No locking: with it a
            // request that arrives after a save, while a render begun before the save is still running, is
            // handed that render's (older) response instead of its own.
            // The lookup value: see ICacheGenerations.LookupToken.
            o.AddPolicy(PublicCache.Policy, b => b.Expire(TimeSpan.FromHours(6)).SetVaryByQuery(["download", "course", .. Courses.CourseFilter.QueryKeys]).SetLocking(false).Tag(PublicCache.AllTag)
                .VaryByValue(c => new("lookup", c.RequestServices.GetRequiredService<ICacheGenerations>().LookupToken)));
        });
        // The framework's store (this instance's memory), behind the check that keeps renders older than a
        // save out of it: marks in this process, or in Redis when several instances run.
        var store = services.Last(d => d.ServiceType == typeof(IOutputCacheStore));
        services.Remove(store);
        IOutputCacheStore Memory(IServiceProvider sp) =>
            (IOutputCacheStore)(store.ImplementationFactory?.Invoke(sp) ?? store.ImplementationInstance ?? ActivatorUtilities.CreateInstance(sp, store.ImplementationType!));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<SharedCacheStore>(sp, Memory(sp)));
        services.AddSingleton<IOutputCacheStore>(sp => sp.GetService<PortalRedis>() is null
            ? new FreshOnlyStore(Memory(sp), sp.GetRequiredService<CacheGenerations>())
            : sp.GetRequiredService<SharedCacheStore>());
        services.AddHostedService<CacheEvictionListener>();
        services.AddResponseCompression(o =>
        {
            // Antiforgery tokens are masked anew on every response, which defeats BREACH-style guessing.
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["text/calendar", "application/atom+xml", "application/problem+json", "image/svg+xml"]);
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        return services;
    }

    /// <summary>Compression outside the cache (the cache keeps one plain copy), due evictions just before it.</summary>
    public static IApplicationBuilder UsePublicCache(this IApplicationBuilder app)
    {
        app.UseResponseCompression();
        app.Use(async (context, next) =>
        {
            await context.RequestServices.GetRequiredService<PublicCache>().EvictDueAsync(context.RequestAborted);
            context.RequestServices.GetRequiredService<ICacheGenerations>().BeginRequest();
            await next(context);
        });
        app.UseOutputCache();
        return app;
    }
}
