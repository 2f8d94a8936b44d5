using System.Net.Sockets;
using Amazon.S3;
using Amazon.S3.Model;
using CoursePortal.Hosting;
using CoursePortal.Materials;

namespace CoursePortal.Tests.Infrastructure;

/// <summary>
/// The S3-compatible test server (s3rver, from this folder's package.json) named by PORTAL_TEST_S3, and
/// buckets of one test or app each, so tests never see each other's files.
/// </summary>
public static class S3TestServer
{
    /// <summary>s3rver's own key pair.</summary>
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    public static string ServiceUrl => Environment.GetEnvironmentVariable("PORTAL_TEST_S3") is { Length: > 0 } url ? url : "http://127.0.0.1:4568";

    public static S3StorageOptions Settings(string bucket, string prefix = "", bool redirect = false) => new()
    {
        ServiceUrl = ServiceUrl,
        Bucket = bucket,
        ForcePathStyle = true,
        AccessKey = AccessKey,
        SecretKey = SecretKey,
        Prefix = prefix,
        RedirectDownloads = redirect,
    };

    /// <summary>The portal settings that keep an app's files in <paramref name="bucket"/> on the test server.</summary>
    public static IEnumerable<KeyValuePair<string, string>> PortalSettings(string bucket, string prefix = "", bool redirect = false) =>
    [
        new("Portal:Storage:Provider", "S3"),
        new("Portal:Storage:S3:ServiceUrl", ServiceUrl),
        new("Portal:Storage:S3:Bucket", bucket),
        new("Portal:Storage:S3:ForcePathStyle", "true"),
        new("Portal:Storage:S3:AccessKey", AccessKey),
        new("Portal:Storage:S3:SecretKey", SecretKey),
        new("Portal:Storage:S3:Prefix", prefix),
        new("Portal:Storage:S3:RedirectDownloads", redirect ? "true" : "false"),
    ];

    public static AmazonS3Client Client() => StorageServices.CreateClient(Settings("unused"));

    /// <summary>Makes a new, empty bucket named <paramref name="prefix"/> and a random part; fails with how to start the server when it does not answer.</summary>
    public static async Task<string> CreateBucketAsync(string prefix = "portal-test-")
    {
        var bucket = $"{prefix}{Guid.NewGuid():n}"[..(prefix.Length + 24)];
        using var s3 = Client();
        try
        {
            await s3.PutBucketAsync(bucket);
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or Amazon.Runtime.AmazonClientException && e is not AmazonS3Exception)
        {
            Assert.Fail($"The S3 test server does not answer at {ServiceUrl} ({e.Message}). Start it: cd tests/CoursePortal.Tests && npm ci && "
                + "npx s3rver --directory /tmp/s3rver/data --port 4568 --silent (or set PORTAL_TEST_S3 to another S3-compatible store with the key pair S3RVER/S3RVER).");
        }

        return bucket;
    }

    /// <summary>Every key in the bucket, to show what a test left behind.</summary>
    public static async Task<List<string>> KeysAsync(string bucket)
    {
        using var s3 = Client();
        var keys = new List<string>();
        await foreach (var item in s3.Paginators.ListObjectsV2(new ListObjectsV2Request { BucketName = bucket }).S3Objects)
        {
            keys.Add(item.Key);
        }

        return keys;
    }

    /// <summary>Empties and deletes a bucket.</summary>
    public static async Task DeleteBucketAsync(string bucket)
    {
        using var s3 = Client();
        await DeleteKeysAsync(s3, bucket, await KeysAsync(bucket));
        await s3.DeleteBucketAsync(bucket);
    }

    /// <summary>Deletes keys a thousand (S3's most) to a request: quick enough for an exit handler the test host may cut short.</summary>
    public static async Task DeleteKeysAsync(IAmazonS3 s3, string bucket, IReadOnlyList<string> keys)
    {
        foreach (var batch in keys.Chunk(1000))
        {
            await s3.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = bucket, Objects = [.. batch.Select(key => new KeyVersion { Key = key })] });
        }
    }
}
