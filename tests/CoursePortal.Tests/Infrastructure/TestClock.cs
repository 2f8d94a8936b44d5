namespace CoursePortal.Tests.Infrastructure;

/// <summary>A clock that shows whatever time the test sets, forwards or back.</summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; private set; } = now;

    public void SetUtcNow(DateTimeOffset value) => Now = value;

    public override DateTimeOffset GetUtcNow() => Now;
}
