using System.Runtime.CompilerServices;
using CoursePortal.Hosting;
using Medallion.Threading;

namespace CoursePortal.Materials;

/// <summary>Keeps files under <c>{data}/files/ab/abcdef…</c>, outside the web root; uploads arrive in <c>{data}/tmp</c>.</summary>
public sealed class LocalFileStore(PortalPaths paths, FileStaging staging, IDistributedLockProvider locks, TimeProvider clock) : IFileStore
{
    private const int BufferSize = 81920;

    public Task<StagedFile> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken) =>
        staging.StageAsync(content, maxBytes, cancellationToken);

    public async Task<StoredFile> CommitAsync(StagedFile staged, CancellationToken cancellationToken)
    {
        var target = PathOf(staged.Hash);
        // Storing (move, or touch when the same bytes are there) and deleting an old unused file each
        // check then act; one lock across both keeps a deletion from taking a file an upload just reused.
        await using (await locks.AcquireLockAsync(FileKeys.LockName(staged.Hash), cancellationToken: cancellationToken))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            try
            {
                // Same directory tree, same file system: the move is atomic, so readers see all or nothing.
                File.Move(staged.Path, target, overwrite: false);
            }
            catch (IOException) when (File.Exists(target))
            {
                // The same bytes are stored already: keep those.
                File.Delete(staged.Path);
            }

            // The store's clock marks when a file was last committed, for the cleanup grace period.
            File.SetLastWriteTimeUtc(target, clock.GetUtcNow().UtcDateTime);
        }

        return new StoredFile(staged.Hash, staged.Size);
    }

    public Task<StoredFileInfo?> GetInfoAsync(string hash, CancellationToken cancellationToken)
    {
        var file = new FileInfo(PathOf(hash));
        return Task.FromResult(file.Exists ? new StoredFileInfo(file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero)) : null);
    }

    public Task<Stream?> OpenReadAsync(string hash, long offset, long? length, CancellationToken cancellationToken)
    {
        FileStream file;
        try
        {
            file = Open(hash);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }

        file.Seek(offset, SeekOrigin.Begin);
        return Task.FromResult<Stream?>(length is { } count ? new LimitedStream(file, count) : file);
    }

    /// <summary>A file stream is seekable already; the server streams it as it would a physical file.</summary>
    public Stream OpenSeekable(string hash, StoredFileInfo info, Func<long?>? rangeEnd) => Open(hash);

    public Task<Uri?> DirectDownloadUrlAsync(string hash, string contentType, string contentDisposition, CancellationToken cancellationToken) =>
        Task.FromResult<Uri?>(null);

    public async Task DeleteIfOlderThanAsync(string hash, TimeSpan grace, CancellationToken cancellationToken)
    {
        var path = PathOf(hash);
        await using (await locks.AcquireLockAsync(FileKeys.LockName(hash), cancellationToken: cancellationToken))
        {
            if (File.Exists(path) && File.GetLastWriteTimeUtc(path) < clock.GetUtcNow().UtcDateTime - grace)
            {
                File.Delete(path);
            }
        }
    }

    public async IAsyncEnumerable<string> ListHashesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!Directory.Exists(paths.FilesDirectory))
        {
            yield break;
        }

        foreach (var name in Directory.EnumerateFiles(paths.FilesDirectory, "*", SearchOption.AllDirectories).Select(Path.GetFileName))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (FileKeys.IsHash(name))
            {
                yield return name!;
            }
        }

        await Task.CompletedTask;
    }

    public void ClearTemporaryFiles() => staging.ClearTemporaryFiles();

    private FileStream Open(string hash) =>
        new(PathOf(hash), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, useAsync: true);

    private string PathOf(string hash) => Path.Combine(paths.DataDirectory, FileKeys.RelativePath(hash));
}
