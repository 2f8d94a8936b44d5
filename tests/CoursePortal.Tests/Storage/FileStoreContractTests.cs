using System.Security.Cryptography;
using CoursePortal.Hosting;
using CoursePortal.Materials;
using CoursePortal.Tests.Infrastructure;
using Medallion.Threading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoursePortal.Tests.Storage;

/// <summary>
/// What every file store promises, run against the data directory and against an S3-compatible bucket:
/// nothing is kept before commit, the same bytes are kept once, refused or cut-off content leaves
/// nothing, the cleanup respects its grace period and the lock, and reads give the right bytes.
/// </summary>
public abstract class FileStoreContractTests : IAsyncLifetime
{
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "portal-tests", $"store-{Guid.NewGuid():n}");
    private ServiceProvider? services;

    protected TestClock Clock { get; } = new(PortalApplication.MidTerm);

    protected IFileStore Store => services!.GetRequiredService<IFileStore>();

    private IDistributedLockProvider Locks => services!.GetRequiredService<IDistributedLockProvider>();

    private string TempDirectory => Path.Combine(dataDirectory, "tmp");

    /// <summary>The <c>Portal:Storage</c> section for this store.</summary>
    protected abstract Task<StorageOptions> StorageAsync();

    /// <summary>Every key or file the store holds, to prove nothing was left.</summary>
    protected abstract Task<List<string>> StoredAsync();

    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        var options = new PortalOptions { DataDirectory = dataDirectory, Storage = await StorageAsync() };
        var collection = new ServiceCollection();
        collection.AddSingleton(Options.Create(options));
        collection.AddSingleton<PortalPaths>();
        collection.AddSingleton<TimeProvider>(Clock);
        collection.AddPortalStorage();
        services = collection.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        if (services is not null)
        {
            await services.DisposeAsync();
        }

        await CleanUpAsync();
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    protected string DataDirectory => dataDirectory;

    [Fact]
    public async Task A_staged_file_is_kept_only_once_committed_under_its_hash()
    {
        var bytes = Bytes(300_000, seed: 1);

        using var staged = await Store.StageAsync(new MemoryStream(bytes), long.MaxValue, CancellationToken.None);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), staged.Hash);
        Assert.Equal(bytes.Length, staged.Size);
        Assert.Null(await Store.GetInfoAsync(staged.Hash, CancellationToken.None));
        Assert.Empty(await StoredAsync());

        var stored = await Store.CommitAsync(staged, CancellationToken.None);
        staged.Dispose();

        Assert.Equal(new StoredFile(staged.Hash, bytes.Length), stored);
        var info = await Store.GetInfoAsync(stored.Hash, CancellationToken.None);
        Assert.Equal(bytes.Length, info?.Size);
        Assert.Equal(bytes, await ReadAsync(stored.Hash, 0, null));
        Assert.Equal([stored.Hash], await ListAsync());
        Assert.Single(await StoredAsync(), k => k.EndsWith($"files/{stored.Hash[..2]}/{stored.Hash}", StringComparison.Ordinal));
        AssertNoTemporaryFiles();
    }

    [Fact]
    public async Task A_file_larger_than_one_upload_part_is_stored_whole()
    {
        var bytes = Bytes((int)S3FileStore.PartSize * 2 + 12_345, seed: 10);

        var stored = await SaveAsync(bytes);

        Assert.Equal(bytes.Length, (await Store.GetInfoAsync(stored.Hash, CancellationToken.None))?.Size);
        Assert.Equal(bytes, await ReadAsync(stored.Hash, 0, null));
        Assert.Equal(bytes[(int)S3FileStore.PartSize..((int)S3FileStore.PartSize + 10)], await ReadAsync(stored.Hash, S3FileStore.PartSize, 10));
        Assert.Single(await StoredAsync());
        AssertNoTemporaryFiles();
    }

    [Fact]
    public async Task A_staged_file_dropped_before_commit_leaves_nothing()
    {
        var staged = await Store.StageAsync(new MemoryStream(Bytes(1000, seed: 2)), long.MaxValue, CancellationToken.None);

        staged.Dispose();

        Assert.Empty(await StoredAsync());
        AssertNoTemporaryFiles();
    }

    [Fact]
    public async Task The_same_bytes_committed_again_keep_one_copy_and_its_stored_time_starts_again()
    {
        var bytes = Bytes(5000, seed: 3);
        var first = await SaveAsync(bytes);
        var firstStored = (await Store.GetInfoAsync(first.Hash, CancellationToken.None))!.LastStored;

        Clock.AdvanceQuietly(TimeSpan.FromMinutes(30));
        var second = await SaveAsync(bytes);

        Assert.Equal(first, second);
        Assert.Equal([first.Hash], await ListAsync());
        Assert.Single(await StoredAsync());
        var info = await Store.GetInfoAsync(first.Hash, CancellationToken.None);
        Assert.True(info!.LastStored >= firstStored + TimeSpan.FromMinutes(29), $"stored at {info.LastStored}, first {firstStored}");

        // Re-stored just now: inside the grace period again, so the cleanup leaves it.
        await Store.DeleteIfOlderThanAsync(first.Hash, StoredFileCleanup.Grace, CancellationToken.None);
        Assert.NotNull(await Store.GetInfoAsync(first.Hash, CancellationToken.None));
        Assert.Equal(bytes, await ReadAsync(first.Hash, 0, null));
        AssertNoTemporaryFiles();
    }

    [Fact]
    public async Task Content_over_the_limit_is_refused_without_reading_on_and_leaves_nothing()
    {
        var source = new CountingStream(Bytes(2_000_000, seed: 4));

        await Assert.ThrowsAsync<FileTooLargeException>(() => Store.StageAsync(source, 100_000, CancellationToken.None));

        Assert.True(source.Consumed < 100_000 + 200_000, $"read {source.Consumed} bytes of a stream over a 100 000-byte limit");
        Assert.Empty(await StoredAsync());
        AssertNoTemporaryFiles();
    }

    [Fact]
    public async Task Content_cut_off_midway_leaves_nothing()
    {
        var source = new CountingStream(Bytes(500_000, seed: 5), failAfter: 200_000);

        await Assert.ThrowsAsync<IOException>(() => Store.StageAsync(source, long.MaxValue, CancellationToken.None));

        Assert.Empty(await StoredAsync());
        AssertNoTemporaryFiles();
    }

    [Fact]
    public async Task An_unused_file_is_deleted_only_once_its_grace_period_has_passed()
    {
        var stored = await SaveAsync(Bytes(2000, seed: 6));

        Clock.AdvanceQuietly(StoredFileCleanup.Grace - TimeSpan.FromMinutes(1));
        await Store.DeleteIfOlderThanAsync(stored.Hash, StoredFileCleanup.Grace, CancellationToken.None);
        Assert.NotNull(await Store.GetInfoAsync(stored.Hash, CancellationToken.None));

        Clock.AdvanceQuietly(TimeSpan.FromMinutes(2));
        await Store.DeleteIfOlderThanAsync(stored.Hash, StoredFileCleanup.Grace, CancellationToken.None);

        Assert.Null(await Store.GetInfoAsync(stored.Hash, CancellationToken.None));
        Assert.Null(await Store.OpenReadAsync(stored.Hash, 0, null, CancellationToken.None));
        Assert.Empty(await ListAsync());
        Assert.Empty(await StoredAsync());
    }

    [Fact]
    public async Task Deleting_waits_for_the_lock_that_storing_holds()
    {
        var stored = await SaveAsync(Bytes(2000, seed: 7));
        Clock.AdvanceQuietly(TimeSpan.FromHours(1));

        Task deletion;
        await using (await Locks.AcquireLockAsync(FileKeys.LockName(stored.Hash)))
        {
            deletion = Store.DeleteIfOlderThanAsync(stored.Hash, StoredFileCleanup.Grace, CancellationToken.None);
            Assert.False(deletion.IsCompleted, "the deletion did not wait for the lock");
            Assert.NotNull(await Store.GetInfoAsync(stored.Hash, CancellationToken.None));
        }

        await deletion;
        Assert.Null(await Store.GetInfoAsync(stored.Hash, CancellationToken.None));
    }

    [Fact]
    public async Task A_byte_range_reads_exactly_those_bytes()
    {
        var bytes = Bytes(200_000, seed: 8);
        var stored = await SaveAsync(bytes);

        Assert.Equal(bytes[1000..1100], await ReadAsync(stored.Hash, 1000, 100));
        Assert.Equal(bytes[^50..], await ReadAsync(stored.Hash, bytes.Length - 50, null));
        Assert.Equal(bytes[^50..], await ReadAsync(stored.Hash, bytes.Length - 50, 1000));
    }

    [Fact]
    public async Task The_seekable_stream_serves_any_position_with_or_without_a_range_end()
    {
        var bytes = Bytes(300_000, seed: 9);
        var stored = await SaveAsync(bytes);
        var info = (await Store.GetInfoAsync(stored.Hash, CancellationToken.None))!;

        await using (var stream = Store.OpenSeekable(stored.Hash, info, rangeEnd: () => 150_099))
        {
            Assert.Equal(bytes.Length, stream.Length);
            stream.Seek(150_000, SeekOrigin.Begin);
            Assert.Equal(bytes[150_000..150_100], await ReadExactlyAsync(stream, 100));
            // Reading past the range's end goes on to the file's end.
            Assert.Equal(bytes[150_100..150_200], await ReadExactlyAsync(stream, 100));
            stream.Seek(0, SeekOrigin.Begin);
            Assert.Equal(bytes[..10], await ReadExactlyAsync(stream, 10));
        }

        await using (var whole = Store.OpenSeekable(stored.Hash, info, rangeEnd: null))
        using (var copy = new MemoryStream())
        {
            await whole.CopyToAsync(copy);
            Assert.Equal(bytes, copy.ToArray());
        }
    }

    [Fact]
    public async Task A_file_the_store_lacks_is_reported_missing()
    {
        var hash = new string('a', 64);

        Assert.Null(await Store.GetInfoAsync(hash, CancellationToken.None));
        Assert.Null(await Store.OpenReadAsync(hash, 0, null, CancellationToken.None));
        await Store.DeleteIfOlderThanAsync(hash, TimeSpan.Zero, CancellationToken.None);
    }

    private async Task<StoredFile> SaveAsync(byte[] bytes) => await Store.SaveAsync(new MemoryStream(bytes), CancellationToken.None);

    private async Task<byte[]> ReadAsync(string hash, long offset, long? length)
    {
        await using var stream = await Store.OpenReadAsync(hash, offset, length, CancellationToken.None);
        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static async Task<byte[]> ReadExactlyAsync(Stream stream, int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer);
        return buffer;
    }

    private async Task<List<string>> ListAsync()
    {
        var hashes = new List<string>();
        await foreach (var hash in Store.ListHashesAsync(CancellationToken.None))
        {
            hashes.Add(hash);
        }

        return hashes;
    }

    private void AssertNoTemporaryFiles() =>
        Assert.Empty(Directory.Exists(TempDirectory) ? Directory.EnumerateFiles(TempDirectory) : []);

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Counts what was read from it; optionally breaks like a dropped connection.</summary>
    private sealed class CountingStream(byte[] bytes, long failAfter = long.MaxValue) : MemoryStream(bytes)
    {
        public long Consumed { get; private set; }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Consumed >= failAfter)
            {
                throw new IOException("The client went away.");
            }

            var read = await base.ReadAsync(buffer, cancellationToken);
            Consumed += read;
            return read;
        }
    }
}

public sealed class LocalFileStoreContractTests : FileStoreContractTests
{
    protected override Task<StorageOptions> StorageAsync() => Task.FromResult(new StorageOptions());

    protected override Task<List<string>> StoredAsync()
    {
        var files = Path.Combine(DataDirectory, "files");
        return Task.FromResult(Directory.Exists(files)
            ? Directory.EnumerateFiles(files, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(DataDirectory, f).Replace('\\', '/')).ToList()
            : []);
    }
}

public sealed class S3FileStoreContractTests : FileStoreContractTests
{
    private string? bucket;

    protected override async Task<StorageOptions> StorageAsync()
    {
        bucket = await S3TestServer.CreateBucketAsync();
        // A prefix, as when several portals share one bucket: the store keeps to it.
        return new StorageOptions { Provider = StorageOptions.S3Provider, S3 = S3TestServer.Settings(bucket, prefix: "portal-a/") };
    }

    protected override async Task<List<string>> StoredAsync()
    {
        var keys = await S3TestServer.KeysAsync(bucket!);
        Assert.All(keys, k => Assert.StartsWith("portal-a/files/", k, StringComparison.Ordinal));
        return keys;
    }

    protected override async Task CleanUpAsync()
    {
        if (bucket is not null)
        {
            await S3TestServer.DeleteBucketAsync(bucket);
        }
    }
}
