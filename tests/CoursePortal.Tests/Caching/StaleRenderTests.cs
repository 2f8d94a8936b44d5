using System.Net;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Tests.Caching;

/// <summary>
/// A page rendered from data read before a save, stored in the cache after that save's eviction, would
/// be served until the next save. Here a render is held between reading the database and being
/// stored while a save commits and evicts: it must not be stored.
/// </summary>
public sealed class StaleRenderTests(PortalApplication portal) : IClassFixture<PortalApplication>
{
    public static TheoryData<string> Urls => new()
    {
        "/" + DemoSeeder.Slug, $"/{DemoSeeder.Slug}/calendar.ics", $"/{DemoSeeder.Slug}/feed.atom", $"/api/courses/{DemoSeeder.Slug}",
    };

    [Theory]
    [MemberData(nameof(Urls))]
    public async Task A_render_that_read_the_database_before_a_save_is_not_stored_after_its_eviction(string url)
    {
        var gate = new HeldStore.Gate();
        using var app = portal.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            var store = services.Last(d => d.ServiceType == typeof(IOutputCacheStore));
            services.Remove(store);
            services.AddSingleton<IOutputCacheStore>(sp => new HeldStore((IOutputCacheStore)store.ImplementationFactory!(sp), gate));
        }));
        var courseId = await portal.CourseIdAsync(DemoSeeder.Slug);
        var title = $"Before {Guid.NewGuid():n}"[..20];
        await SetTitleAsync(app, courseId, title);
        var client = app.CreateClient();

        gate.Arm();
        var stale = client.GetStringAsync(url);
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        var newer = $"After {Guid.NewGuid():n}"[..20];
        await SetTitleAsync(app, courseId, newer);
        gate.Release();
        Assert.Contains(title, await stale, StringComparison.Ordinal);

        Assert.Contains(newer, await client.GetStringAsync(url), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readers_racing_quick_saves_end_on_the_last_save()
    {
        var courseId = await portal.CourseIdAsync(DemoSeeder.Slug);
        var url = "/" + DemoSeeder.Slug;
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var client = portal.CreateClient();
            var reads = 0;
            while (!stop.IsCancellationRequested && reads++ < 400)
            {
                using var response = await client.GetAsync(url);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        })).ToList();

        var last = "";
        for (var i = 0; i < 20; i++)
        {
            last = $"Race {i} {Guid.NewGuid():n}"[..24];
            await SetTitleAsync(portal, courseId, last);
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Assert.Contains(last, await portal.CreateClient().GetStringAsync(url), StringComparison.Ordinal);
    }

    private static async Task SetTitleAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app, int courseId, string title)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursePortal.Data.PortalDbContext>();
        var course = await db.Courses.SingleAsync(c => c.Id == courseId);
        course.Title = title;
        await db.SaveChangesAsync();
    }

    /// <summary>The portal's store, except that one armed store waits, rendered and not yet stored, until released.</summary>
    private sealed class HeldStore(IOutputCacheStore inner, HeldStore.Gate gate) : IOutputCacheStore
    {
        public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken) => inner.EvictByTagAsync(tag, cancellationToken);

        public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

        public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
        {
            await gate.PassAsync();
            await inner.SetAsync(key, value, tags, validFor, cancellationToken);
        }

        public sealed class Gate
        {
            private TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
            private TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
            private int armed;

            public Task Reached => reached.Task;

            public void Arm()
            {
                reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
                release = new(TaskCreationOptions.RunContinuationsAsynchronously);
                Volatile.Write(ref armed, 1);
            }

            public void Release() => release.TrySetResult();

            public async Task PassAsync()
            {
                if (Interlocked.Exchange(ref armed, 0) == 1)
                {
                    reached.TrySetResult();
                    await release.Task;
                }
            }
        }
    }
}
