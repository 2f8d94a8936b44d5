using System.Security.Cryptography;
using CoursePortal.Hosting;

namespace CoursePortal.Materials;

/// <summary>Keeps files under <c>{data}/files/ab/abcdef…</c>, outside the web root; uploads arrive in <c>{data}/tmp</c>.</summary>
public sealed class LocalFileStore(PortalPaths paths, TimeProvider clock) : IFileStore
{
    private const int BufferSize = 81920;

    /// <summary>
    /// Storing a file (move, or touch when the same bytes are there) and deleting an old unused one each
    /// check then act; holding this across both keeps a deletion from taking a file an upload just reused.
    /// </summary>
    private readonly Lock storeOrDelete = new();

    public async Task<StagedFile> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(paths.TempDirectory);
        var temp = Path.Combine(paths.TempDirectory, Path.GetRandomFileName() + ".upload");
        try
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true))
            {
                var buffer = new byte[BufferSize];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    size += read;
                    if (size > maxBytes)
                    {
                        throw new FileTooLargeException(maxBytes);
                    }

                    sha.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                await file.FlushAsync(cancellationToken);
            }

            return new StagedFile(temp, Convert.ToHexStringLower(sha.GetHashAndReset()), size);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    public Task<StoredFile> CommitAsync(StagedFile staged, CancellationToken cancellationToken)
    {
        var target = GetPath(staged.Hash);
        lock (storeOrDelete)
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

        return Task.FromResult(new StoredFile(staged.Hash, staged.Size));
    }

    public string GetPath(string hash)
    {
        if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("Not a SHA-256 hex digest.", nameof(hash));
        }

        return Path.Combine(paths.FilesDirectory, hash[..2], hash);
    }

    public bool Exists(string hash) => File.Exists(GetPath(hash));

    public void DeleteIfOlderThan(string hash, TimeSpan grace)
    {
        var path = GetPath(hash);
        lock (storeOrDelete)
        {
            if (File.Exists(path) && File.GetLastWriteTimeUtc(path) < clock.GetUtcNow().UtcDateTime - grace)
            {
                File.Delete(path);
            }
        }
    }

    public IEnumerable<string> ListHashes() =>
        Directory.Exists(paths.FilesDirectory)
            ? Directory.EnumerateFiles(paths.FilesDirectory, "*", SearchOption.AllDirectories)
                .Select(Path.GetFileName)
                .OfType<string>()
                .Where(name => name.Length == 64 && name.All(char.IsAsciiHexDigitLower))
            : [];

    public void ClearTemporaryFiles()
    {
        if (Directory.Exists(paths.TempDirectory))
        {
            foreach (var file in Directory.EnumerateFiles(paths.TempDirectory))
            {
                File.Delete(file);
            }
        }
    }
}
