using Medallion.Threading;

namespace CoursePortal.Hosting;

/// <summary>
/// Named locks for one instance, when no shared lock service is configured: a name maps onto one of a
/// fixed set of semaphores, so any number of names costs nothing and two names on one semaphore only
/// wait for each other. With several instances, the Redis set-up registers a shared provider instead.
/// </summary>
public sealed class InProcessLocks : IDistributedLockProvider
{
    private readonly SemaphoreSlim[] stripes = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public IDistributedLock CreateLock(string name) =>
        new Named(name, stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(name) % (uint)stripes.Length)]);

    private sealed class Named(string name, SemaphoreSlim semaphore) : IDistributedLock
    {
        public string Name { get; } = name;

        public IDistributedSynchronizationHandle? TryAcquire(TimeSpan timeout = default, CancellationToken cancellationToken = default) =>
            semaphore.Wait(timeout, cancellationToken) ? new Handle(semaphore) : null;

        public IDistributedSynchronizationHandle Acquire(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
            TryAcquire(timeout ?? Timeout.InfiniteTimeSpan, cancellationToken) ?? throw new TimeoutException($"The lock {Name} was not free within {timeout}.");

        public async ValueTask<IDistributedSynchronizationHandle?> TryAcquireAsync(TimeSpan timeout = default, CancellationToken cancellationToken = default) =>
            await semaphore.WaitAsync(timeout, cancellationToken) ? new Handle(semaphore) : null;

        public async ValueTask<IDistributedSynchronizationHandle> AcquireAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
            await TryAcquireAsync(timeout ?? Timeout.InfiniteTimeSpan, cancellationToken) ?? throw new TimeoutException($"The lock {Name} was not free within {timeout}.");
    }

    private sealed class Handle(SemaphoreSlim semaphore) : IDistributedSynchronizationHandle
    {
        private int released;

        /// <summary>An in-process lock cannot be lost while its holder runs.</summary>
        public CancellationToken HandleLostToken => CancellationToken.None;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                semaphore.Release();
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
