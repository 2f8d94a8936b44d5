namespace CoursePortal.Materials;

/// <summary>
/// Content-addressed file storage: a file is kept once under the SHA-256 of its bytes. All file
/// access goes through this service so that another backing store can replace the local one.
/// </summary>
public interface IFileStore
{
    /// <summary>
    /// Streams <paramref name="content"/> to a temporary file, hashing as it goes, and refuses more
    /// than <paramref name="maxBytes"/> without reading further. Nothing is kept until
    /// <see cref="CommitAsync"/>; disposing an uncommitted file deletes it.
    /// </summary>
    /// <exception cref="FileTooLargeException">The content is longer than <paramref name="maxBytes"/>.</exception>
    Task<StagedFile> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken);

    /// <summary>Moves a staged file into place atomically (or drops it when the same bytes are stored already).</summary>
    Task<StoredFile> CommitAsync(StagedFile staged, CancellationToken cancellationToken);

    /// <summary>The file's path on this machine, for streaming it with the server's file APIs.</summary>
    string GetPath(string hash);

    bool Exists(string hash);

    /// <summary>Deletes the file unless it was stored or re-stored in the last <paramref name="grace"/> (an upload may be about to refer to it).</summary>
    void DeleteIfOlderThan(string hash, TimeSpan grace);

    /// <summary>Every stored hash, for the start-up sweep of unreferenced files.</summary>
    IEnumerable<string> ListHashes();

    /// <summary>Removes temporary files left by uploads that never finished (a crash or a kill).</summary>
    void ClearTemporaryFiles();
}

/// <summary>What the store knows of a saved file.</summary>
public sealed record StoredFile(string Hash, long Size);

/// <summary>A file received but not yet kept.</summary>
public sealed class StagedFile(string path, string hash, long size) : IDisposable
{
    public string Path { get; } = path;
    public string Hash { get; } = hash;
    public long Size { get; } = size;

    public Stream OpenRead() => new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);

    public void Dispose() => File.Delete(Path);
}

/// <summary>Thrown when content passes the size limit; the partial file is already gone.</summary>
public sealed class FileTooLargeException(long limit) : Exception($"The content is larger than {limit} bytes.")
{
    public long Limit { get; } = limit;
}
