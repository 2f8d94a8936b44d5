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

    /// <summary>
    /// Whether <paramref name="condition"/> stays false for all of <paramref name="window"/>: that something
    /// does not happen can only be watched for a while. Returns false as soon as it happens.
    /// Start the window from a known point (a request known to have arrived), not from a guess.
    /// </summary>
    public static async Task<bool> NeverAsync(Func<bool> condition, TimeSpan window) =>
        !await TrueAsync(condition, window);
}
