#if SCALED
using System.Collections.Concurrent;
using Amazon.S3;
using Amazon.S3.Model;

namespace CoursePortal.Tests.Infrastructure;

/// <summary>
/// The S3 storage of a Scaled test run, on the server in PORTAL_TEST_S3 (<see cref="S3TestServer"/>): one bucket
/// per run, and in it a key prefix per app database (<see cref="TestDatabases"/>), so an app's files go where its
/// database goes: an app started again on its data directory finds them, two instances on one database share them,
/// and no two apps see each other's. A prefix is emptied when the app that made it is disposed, the bucket when the
/// run ends; a run first deletes the buckets a killed run on this machine left behind.
/// </summary>
internal static class TestStorage
{
    private const string BucketPrefix = "portal-scaled-";

    /// <summary>The object in each run's bucket that says which process made it.</summary>
    private const string OwnerKey = "owner";

    private static readonly Lazy<string> RunBucket = new(MakeBucket);

    /// <summary>Each template prefix's objects, read once: s3rver's CopyObject breaks with this SDK, so every clone is a put.</summary>
    private static readonly ConcurrentDictionary<string, Lazy<List<StoredObject>>> Templates = new();

    public static string Bucket => RunBucket.Value;

    /// <summary>"portal_test_&lt;guid&gt;/": the key prefix of the app on that database.</summary>
    public static string Prefix(string databaseName) => databaseName + "/";

    /// <summary>The settings that put an app's files under its prefix in the run's bucket.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Settings(string databaseName) =>
        S3TestServer.PortalSettings(Bucket, Prefix(databaseName));

    /// <summary>Puts the template's files, with their metadata (the portal's "stored at" time), under the new app's prefix.</summary>
    public static void CloneFrom(string templateDatabase, string databaseName)
    {
        var objects = Templates.GetOrAdd(templateDatabase, name => new(() => Read(Prefix(name)))).Value;
        using var s3 = S3TestServer.Client();
        Task.WhenAll(objects.Select(async stored =>
        {
            var request = new PutObjectRequest
            {
                BucketName = Bucket,
                Key = Prefix(databaseName) + stored.RelativeKey,
                InputStream = new MemoryStream(stored.Bytes, writable: false),
                ContentType = stored.ContentType,
                UseChunkEncoding = false,
            };
            foreach (var (key, value) in stored.Metadata)
            {
                request.Metadata[key] = value;
            }

            await s3.PutObjectAsync(request);
        })).GetAwaiter().GetResult();
    }

    /// <summary>Deletes every object under the app's prefix.</summary>
    public static void Delete(string databaseName)
    {
        if (RunBucket.IsValueCreated)
        {
            DeleteAll(Bucket, Prefix(databaseName)).GetAwaiter().GetResult();
        }
    }

    private static List<StoredObject> Read(string prefix)
    {
        using var s3 = S3TestServer.Client();
        return Task.Run(async () =>
        {
            var objects = new List<StoredObject>();
            foreach (var key in await KeysAsync(s3, Bucket, prefix))
            {
                using var response = await s3.GetObjectAsync(Bucket, key);
                using var bytes = new MemoryStream();
                await response.ResponseStream.CopyToAsync(bytes);
                var metadata = response.Metadata.Keys.ToDictionary(k => k, k => response.Metadata[k]);
                objects.Add(new StoredObject(key[prefix.Length..], bytes.ToArray(), response.Headers.ContentType, metadata));
            }

            return objects;
        }).GetAwaiter().GetResult();
    }

    private static string MakeBucket()
    {
        SweepLeftovers().GetAwaiter().GetResult();
        var bucket = S3TestServer.CreateBucketAsync(BucketPrefix).GetAwaiter().GetResult();
        using (var s3 = S3TestServer.Client())
        {
            s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = OwnerKey, ContentBody = TestDatabases.Owner, UseChunkEncoding = false }).GetAwaiter().GetResult();
        }

        // The test host is not always given time to finish exit handlers; the next run's sweep catches what is left,
        // also when the server has gone.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                S3TestServer.DeleteBucketAsync(bucket).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is HttpRequestException or Amazon.Runtime.AmazonClientException)
            {
                // Left for the sweep: an exit handler has no one to report to.
            }
        };
        return bucket;
    }

    /// <summary>Deletes the run buckets made on this machine by a process that has ended.</summary>
    private static async Task SweepLeftovers()
    {
        using var s3 = S3TestServer.Client();
        List<S3Bucket> buckets;
        try
        {
            buckets = (await s3.ListBucketsAsync()).Buckets ?? [];
        }
        catch (Exception e) when (e is HttpRequestException or Amazon.Runtime.AmazonClientException && e is not AmazonS3Exception)
        {
            // CreateBucketAsync, next, fails with how to start the server.
            return;
        }

        foreach (var bucket in buckets.Where(b => b.BucketName.StartsWith(BucketPrefix, StringComparison.Ordinal)))
        {
            string owner;
            try
            {
                using var response = await s3.GetObjectAsync(bucket.BucketName, OwnerKey);
                using var reader = new StreamReader(response.ResponseStream);
                owner = await reader.ReadToEndAsync();
            }
            catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                // Made, but not yet marked, by a run starting right now; or being deleted by its own run.
                continue;
            }

            if (TestDatabases.IsLeftOver(owner))
            {
                await S3TestServer.DeleteBucketAsync(bucket.BucketName);
            }
        }
    }

    private static async Task DeleteAll(string bucket, string prefix)
    {
        using var s3 = S3TestServer.Client();
        await S3TestServer.DeleteKeysAsync(s3, bucket, await KeysAsync(s3, bucket, prefix));
    }

    private static async Task<List<string>> KeysAsync(AmazonS3Client s3, string bucket, string prefix)
    {
        var keys = new List<string>();
        await foreach (var item in s3.Paginators.ListObjectsV2(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix }).S3Objects)
        {
            keys.Add(item.Key);
        }

        return keys;
    }

    private sealed record StoredObject(string RelativeKey, byte[] Bytes, string ContentType, Dictionary<string, string> Metadata);
}
#endif
