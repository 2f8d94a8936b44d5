using System.Data.Common;
using CoursePortal.Data;
using CoursePortal.Demo;
using CoursePortal.Tests.Courses;
using CoursePortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Tests.Caching;

/// <summary>The portal with every SQL command it sends counted.</summary>
public sealed class CountingPortalApplication : PortalApplication
{
    public CommandCounter Commands { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => ConfigureDatabase(services, o => o.AddInterceptors(Commands)));
    }
}

public sealed class CommandCounter : DbCommandInterceptor
{
    private int count;

    public int Count => Volatile.Read(ref count);

    public void Reset() => Interlocked.Exchange(ref count, 0);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Interlocked.Increment(ref count);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref count);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref count);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref count);
        return ValueTask.FromResult(result);
    }
}

/// <summary>A cache hit sends no SQL; a miss sends the same few commands however long the course.</summary>
public sealed class HotPathTests(CountingPortalApplication app) : IClassFixture<CountingPortalApplication>
{
    [Theory]
    [InlineData("/" + DemoSeeder.Slug)]
    [InlineData("/" + LongScheduleTests.Slug)]
    [InlineData("/" + LongScheduleTests.Slug + "/schedule")]
    [InlineData("/api/courses/" + LongScheduleTests.Slug)]
    [InlineData("/" + LongScheduleTests.Slug + "/calendar.ics")]
    [InlineData("/")]
    public async Task A_miss_sends_a_few_commands_whatever_the_course_size_and_a_hit_sends_none(string url)
    {
        await LongScheduleTests.AddLongCourseAsync(app, lectures: 300);
        // Evict everything cached so far: the next request is a miss.
        await app.WithDbAsync(async db =>
        {
            var course = await db.Courses.SingleAsync(c => c.Slug == LongScheduleTests.Slug);
            course.Location = course.Location == "Hall A" ? "Hall B" : "Hall A";
            await db.SaveChangesAsync();
        });
        await app.Services.GetRequiredService<Microsoft.AspNetCore.OutputCaching.IOutputCacheStore>()
            .EvictByTagAsync(CoursePortal.Caching.PublicCache.AllTag, CancellationToken.None);

        app.Commands.Reset();
        using (var miss = await app.CreateClient().GetAsync(url))
        {
            Assert.True(miss.IsSuccessStatusCode, $"{url}: {(int)miss.StatusCode}");
        }

        var onMiss = app.Commands.Count;
        Assert.InRange(onMiss, 1, 10);

        app.Commands.Reset();
        using (var hit = await app.CreateClient().GetAsync(url))
        {
            Assert.True(hit.IsSuccessStatusCode);
        }

        Assert.Equal(0, app.Commands.Count);
    }
}
