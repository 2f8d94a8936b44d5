using System.Diagnostics;

namespace CoursePortal.Tests.Infrastructure;

/// <summary>
/// Waits for a condition instead of for a fixed time: as short as the condition allows on a fast
/// machine, and long enough on a busy one (the default timeout is generous, as a sleep never is).
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes; returns whether it held.</summary>
    public static async Task<bool> TrueAsync(Func<bool> condition, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed >= (timeout ?? DefaultTimeout))
            {
                return condition();
            }

            await Task.Delay(PollInterval, cancellationToken);
        }

        return true;
    }
}
