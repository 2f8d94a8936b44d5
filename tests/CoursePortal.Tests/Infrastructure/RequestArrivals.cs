using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace CoursePortal.Tests.Infrastructure;

/// <summary>
/// Tells a test when the server has received a request for a path, before any of the portal's own
/// middleware runs: the condition to wait for before checking that the portal holds the request.
/// </summary>
public sealed class RequestArrivals : IStartupFilter
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> arrivals = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Completes when a request for <paramref name="path"/> has arrived; fails after <see cref="Eventually.DefaultTimeout"/>.</summary>
    public Task ArrivedAsync(string path) => Arrival(path).Task.WaitAsync(Eventually.DefaultTimeout);

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, rest) =>
        {
            Arrival(context.Request.Path.Value ?? "").TrySetResult();
            return rest(context);
        });
        next(app);
    };

    private TaskCompletionSource Arrival(string path) =>
        arrivals.GetOrAdd(path, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
