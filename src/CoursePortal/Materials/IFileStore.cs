namespace CoursePortal.Materials;

/// <summary>
/// Content-addressed file storage: a file is kept once under the SHA-256 of its bytes. All file
/// access goes through this service, as streams, so the data directory (<see cref="LocalFileStore"/>)
/// and an S3-compatible bucket (<see cref="S3FileStore"/>) are interchangeable.
/// </summary>
public interface IFileStore
{
    /// <summary>
    /// Streams <paramref name="content"/> to a temporary file on this machine, hashing as it goes, and
    /// refuses more than <paramref name="maxBytes"/> without reading further. Nothing is kept until
    /// <see cref="CommitAsync"/>; disposing an uncommitted file deletes it.
    /// </summary>
    /// <exception cref="FileTooLargeException">The content is longer than <paramref name="maxBytes"/>.</exception>
    Task<StagedFile> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken);

    /// <summary>
    /// Keeps a staged file under its hash, all or nothing. When the same bytes are stored already, that
    /// copy stays and its "last stored" time is refreshed, so the cleanup's grace period starts again.
    /// </summary>
    Task<StoredFile> CommitAsync(StagedFile staged, CancellationToken cancellationToken);

    /// <summary>Size and last-stored time of a stored file; null when the store does not have it.</summary>
    Task<StoredFileInfo?> GetInfoAsync(string hash, CancellationToken cancellationToken);

    /// <summary>
    /// The file's bytes from <paramref name="offset"/>, all of them or <paramref name="length"/>; null when
    /// the store does not have the file.
    /// </summary>
    Task<Stream?> OpenReadAsync(string hash, long offset, long? length, CancellationToken cancellationToken);

    /// <summary>
    /// A seekable stream over the whole file (<paramref name="info"/> from <see cref="GetInfoAsync"/>), for the
    /// framework's range handling: a bucket is asked for bytes only when they are read, and then only for
    /// the range being served (<paramref name="rangeEnd"/> tells its last byte, when known).
    /// </summary>
    Stream OpenSeekable(string hash, StoredFileInfo info, Func<long?>? rangeEnd);

    /// <summary>
    /// A short-lived address the client may fetch the file from directly, answered with this content type
    /// and disposition; null when downloads go through the portal.
    /// </summary>
    Task<Uri?> DirectDownloadUrlAsync(string hash, string contentType, string contentDisposition, CancellationToken cancellationToken);

    /// <summary>Deletes the file unless it was stored or re-stored in the last <paramref name="grace"/> (an upload may be about to refer to it).</summary>
    Task DeleteIfOlderThanAsync(string hash, TimeSpan grace, CancellationToken cancellationToken);

    /// <summary>Every stored hash, for the sweep of unreferenced files.</summary>
    IAsyncEnumerable<string> ListHashesAsync(CancellationToken cancellationToken);

    /// <summary>Removes temporary files left by uploads that never finished (a crash or a kill).</summary>
    void ClearTemporaryFiles();
}

/// <summary>What the store knows of a saved file.</summary>
public sealed record StoredFile(string Hash, long Size);

/// <summary>A stored file's size and when it was last stored (committed or re-committed).</summary>
public sealed record StoredFileInfo(long Size, DateTimeOffset LastStored);

/// <summary>A file received but not yet kept: a temporary file on this machine.</summary>
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

/// <summary>The rules every store shares: what a hash looks like and where a file sits under its hash.</summary>
public static class FileKeys
{
    public static bool IsHash(string? name) => name is { Length: 64 } && name.All(char.IsAsciiHexDigitLower);

    /// <summary><c>files/ab/abcdef…</c>: a folder per first byte keeps folders (and bucket listings) small.</summary>
    public static string RelativePath(string hash) =>
        IsHash(hash) ? $"files/{hash[..2]}/{hash}" : throw new ArgumentException("Not a SHA-256 hex digest.", nameof(hash));

    /// <summary>The name of the lock that orders storing and deleting one file, on every instance.</summary>
    public static string LockName(string hash) => $"stored-file:{hash}";
}
