using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.Util;
using CoursePortal.Hosting;
using Medallion.Threading;
using Microsoft.Extensions.Options;

namespace CoursePortal.Materials;

/// <summary>
/// Keeps files in an S3-compatible bucket under <c>{Prefix}files/ab/abcdef…</c>. Uploads are staged and
/// checked on this machine first (<see cref="FileStaging"/>), so only accepted, complete files are sent;
/// large ones go up in parts, aborted when the transfer fails, so no half file stays behind.
/// </summary>
public sealed class S3FileStore(IAmazonS3 s3, IOptions<PortalOptions> options, FileStaging staging, IDistributedLockProvider locks, TimeProvider clock) : IFileStore
{
    /// <summary>
    /// When the portal last stored the file, by its own clock (the one the grace period is measured with);
    /// S3's Last-Modified is the store's clock and does not change on a re-upload of the same bytes.
    /// </summary>
    private const string StoredAtMetadata = "x-amz-meta-portal-stored-at";

    /// <summary>Above this, a file goes up in parts of this size (S3 allows parts of 5 MB to 5 GB, at most 10 000).</summary>
    internal const long PartSize = 16 * 1024 * 1024;

    /// <summary>The store keeps bytes; each download names its own type (and the signed address overrides it).</summary>
    private const string ContentType = "application/octet-stream";

    /// <summary>Long enough to start a download, short enough that a shared link soon stops working.</summary>
    private static readonly TimeSpan SignedUrlLifetime = TimeSpan.FromMinutes(5);

    private S3StorageOptions Settings => options.Value.Storage.S3;

    public Task<StagedFile> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken) =>
        staging.StageAsync(content, maxBytes, cancellationToken);

    public async Task<StoredFile> CommitAsync(StagedFile staged, CancellationToken cancellationToken)
    {
        var key = Key(staged.Hash);
        // Deleting an old unused file checks its stored time, then deletes; one lock across that and this
        // upload, shared by every instance, keeps a deletion from taking a file an upload just reused.
        await using (await locks.AcquireLockAsync(FileKeys.LockName(staged.Hash), cancellationToken: cancellationToken))
        {
            // Stored already or not, the bytes go up again with a new stored time: the same key keeps one
            // copy. (A copy onto itself would send less, but stores differ in how they read a copy source.)
            await UploadAsync(key, staged, cancellationToken);
        }

        staged.Dispose();
        return new StoredFile(staged.Hash, staged.Size);
    }

    public async Task<StoredFileInfo?> GetInfoAsync(string hash, CancellationToken cancellationToken) =>
        await HeadAsync(Key(hash), cancellationToken) is { } head ? Info(head) : null;

    public async Task<Stream?> OpenReadAsync(string hash, long offset, long? length, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (offset == 0 && length is null)
        {
            try
            {
                return (await s3.GetObjectAsync(Settings.Bucket, Key(hash), cancellationToken)).ResponseStream;
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
        }

        if (await GetInfoAsync(hash, cancellationToken) is not { } info)
        {
            return null;
        }

        var end = Math.Min(info.Size, length is { } count ? offset + count : info.Size) - 1;
        return end < offset ? new MemoryStream([], writable: false) : await OpenRangeAsync(hash, offset, end - offset + 1, cancellationToken);
    }

    public Stream OpenSeekable(string hash, StoredFileInfo info, Func<long?>? rangeEnd) =>
        new LazyRangeStream(info.Size, (offset, count, cancel) => OpenRangeAsync(hash, offset, count, cancel), rangeEnd);

    public async Task<Uri?> DirectDownloadUrlAsync(string hash, string contentType, string contentDisposition, CancellationToken cancellationToken)
    {
        if (!Settings.RedirectDownloads)
        {
            return null;
        }

        var request = new GetPreSignedUrlRequest
        {
            BucketName = Settings.Bucket,
            Key = Key(hash),
            Verb = HttpVerb.GET,
            // The signature is checked against the store's clock, so its expiry is reckoned by the SDK's
            // (real, skew-corrected) clock, never by the portal's TimeProvider.
            Expires = AWSSDKUtils.CorrectedUtcNow + SignedUrlLifetime,
            Protocol = Settings.ServiceUrl.StartsWith("http:", StringComparison.OrdinalIgnoreCase) ? Protocol.HTTP : Protocol.HTTPS,
            ResponseHeaderOverrides = { ContentType = contentType, ContentDisposition = contentDisposition, CacheControl = "private, no-store" },
        };
        return new Uri(await s3.GetPreSignedURLAsync(request));
    }

    public async Task DeleteIfOlderThanAsync(string hash, TimeSpan grace, CancellationToken cancellationToken)
    {
        var key = Key(hash);
        await using (await locks.AcquireLockAsync(FileKeys.LockName(hash), cancellationToken: cancellationToken))
        {
            if (await HeadAsync(key, cancellationToken) is { } head && Info(head).LastStored < clock.GetUtcNow() - grace)
            {
                await s3.DeleteObjectAsync(Settings.Bucket, key, cancellationToken);
            }
        }
    }

    public async IAsyncEnumerable<string> ListHashesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var folder = Settings.Prefix + "files/";
        var pages = s3.Paginators.ListObjectsV2(new ListObjectsV2Request { BucketName = Settings.Bucket, Prefix = folder });
        await foreach (var item in pages.S3Objects.WithCancellation(cancellationToken))
        {
            var name = item.Key[(item.Key.LastIndexOf('/') + 1)..];
            if (FileKeys.IsHash(name) && item.Key == Key(name))
            {
                yield return name;
            }
        }
    }

    public void ClearTemporaryFiles() => staging.ClearTemporaryFiles();

    /// <summary>
    /// Whether the bucket answers and may be listed, for /readyz: a listing under a name that holds no
    /// keys, so the answer is small and never paged, however many files there are.
    /// </summary>
    public async Task CheckAsync(CancellationToken cancellationToken) =>
        await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Settings.Bucket, Prefix = Settings.Prefix + "readyz/", MaxKeys = 1 }, cancellationToken);

    private string Key(string hash) => Settings.Prefix + FileKeys.RelativePath(hash);

    private string Now() => clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    /// <summary>
    /// One request up to <see cref="PartSize"/>, in parts above it; a failed or cancelled multipart
    /// upload is aborted, so its parts do not linger unseen. The payload is signed whole rather than
    /// chunk by chunk (aws-chunked), which not every S3-compatible store understands.
    /// </summary>
    private async Task UploadAsync(string key, StagedFile staged, CancellationToken cancellationToken)
    {
        var storedAt = Now();
        if (staged.Size <= PartSize)
        {
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = Settings.Bucket,
                Key = key,
                FilePath = staged.Path,
                ContentType = ContentType,
                UseChunkEncoding = false,
                Metadata = { [StoredAtMetadata] = storedAt },
            }, cancellationToken);
            return;
        }

        var upload = await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = Settings.Bucket,
            Key = key,
            ContentType = ContentType,
            Metadata = { [StoredAtMetadata] = storedAt },
        }, cancellationToken);
        try
        {
            var parts = new List<PartETag>();
            var number = 1;
            for (long position = 0; position < staged.Size; position += PartSize, number++)
            {
                var size = Math.Min(PartSize, staged.Size - position);
                var part = await s3.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = Settings.Bucket,
                    Key = key,
                    UploadId = upload.UploadId,
                    PartNumber = number,
                    FilePath = staged.Path,
                    FilePosition = position,
                    PartSize = size,
                    IsLastPart = position + size >= staged.Size,
                    UseChunkEncoding = false,
                }, cancellationToken);
                parts.Add(new PartETag(number, part.ETag));
            }

            await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = Settings.Bucket,
                Key = key,
                UploadId = upload.UploadId,
                PartETags = parts,
            }, cancellationToken);
        }
        catch
        {
            await s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = Settings.Bucket, Key = key, UploadId = upload.UploadId }, CancellationToken.None);
            throw;
        }
    }

    private async Task<Stream> OpenRangeAsync(string hash, long offset, long count, CancellationToken cancellationToken)
    {
        var response = await s3.GetObjectAsync(new GetObjectRequest
        {
            BucketName = Settings.Bucket,
            Key = Key(hash),
            ByteRange = new ByteRange(offset, offset + count - 1),
        }, cancellationToken);
        return response.ResponseStream;
    }

    private async Task<GetObjectMetadataResponse?> HeadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await s3.GetObjectMetadataAsync(Settings.Bucket, key, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static StoredFileInfo Info(GetObjectMetadataResponse head)
    {
        var stored = head.Metadata[StoredAtMetadata] is { Length: > 0 } text
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
                ? at
                : new DateTimeOffset(DateTime.SpecifyKind(head.LastModified ?? default, DateTimeKind.Utc));
        return new StoredFileInfo(head.ContentLength, stored);
    }
}
