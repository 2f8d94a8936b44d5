using System.Collections.Concurrent;
using System.Globalization;
using Amazon.Runtime;
using Amazon.S3;
using CoursePortal.Materials;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoursePortal.Tests.Infrastructure;

/// <summary>
/// The portal with its files in a bucket of its own on the S3 test server (<see cref="S3TestServer"/>),
/// made for this app and emptied and deleted with it. Its start-up work runs for real, so the demo
/// course's PDFs are written through the store into the bucket.
/// </summary>
public class S3PortalApplication : PortalApplication
{
    public S3PortalApplication()
    {
        Bucket = S3TestServer.CreateBucketAsync().GetAwaiter().GetResult();
        StartFromTemplate = false;
    }

    public string Bucket { get; }

    /// <summary>Downloads answer with a redirect to a signed address in the bucket.</summary>
    protected virtual bool RedirectDownloads => false;

    /// <summary>The upload limit; small, so "too large" needs only a small request.</summary>
    public const int UploadLimit = 200 * 1024;

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [.. S3TestServer.PortalSettings(Bucket, redirect: RedirectDownloads), new("Portal:Uploads:MaxBytes", UploadLimit.ToString(CultureInfo.InvariantCulture))];

    /// <summary>Every request the portal sent to the store, as "GET /bucket/key bytes=0-99" (the Range header last, when sent).</summary>
    public ConcurrentQueue<string> StoreRequests { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<IAmazonS3>();
            services.AddSingleton<IAmazonS3>(_ => StorageServices.CreateClient(
                S3TestServer.Settings(Bucket, redirect: RedirectDownloads),
                config => config.HttpClientFactory = new RecordingFactory(StoreRequests)));
        });
    }

    /// <summary>Every key in the app's bucket.</summary>
    public Task<List<string>> KeysAsync() => S3TestServer.KeysAsync(Bucket);

    private int bucketDeleted;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Interlocked.Exchange(ref bucketDeleted, 1) == 0)
        {
            S3TestServer.DeleteBucketAsync(Bucket).GetAwaiter().GetResult();
        }
    }
}

/// <summary>The SDK's HTTP client with a handler that notes each request's method, path and range.</summary>
internal sealed class RecordingFactory(ConcurrentQueue<string> requests) : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Recorder(requests) { InnerHandler = new HttpClientHandler() });

    private sealed class Recorder(ConcurrentQueue<string> requests) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            requests.Enqueue($"{request.Method} {request.RequestUri?.AbsolutePath} {request.Headers.Range}".TrimEnd());
            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>An S3 portal whose downloads redirect to signed addresses.</summary>
public sealed class S3RedirectPortalApplication : S3PortalApplication
{
    protected override bool RedirectDownloads => true;
}
