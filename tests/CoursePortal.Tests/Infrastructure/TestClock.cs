namespace CoursePortal.Tests.Infrastructure;

/// <summary>A clock that shows whatever time the test sets, forwards or back.</summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; private set; } = now;

    /// <summary>Raised when a test moves the clock, forwards or back.</summary>
    public event Action? Changed;

    public void SetUtcNow(DateTimeOffset value)
    {
        Now = value;
        Changed?.Invoke();
    }

    /// <summary>Moves the clock on without telling anyone, as real time passes.</summary>
    public void AdvanceQuietly(TimeSpan by) => Now += by;

    public override DateTimeOffset GetUtcNow() => Now;
}
