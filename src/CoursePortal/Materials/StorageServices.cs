using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using CoursePortal.Hosting;
using Medallion.Threading;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CoursePortal.Materials;

/// <summary>The file store named by <c>Portal:Storage:Provider</c>, and what it needs.</summary>
public static class StorageServices
{
    public static IServiceCollection AddPortalStorage(this IServiceCollection services)
    {
        services.AddSingleton<FileStaging>();
        // One instance by default; the Redis set-up registers a provider shared by every instance.
        services.TryAddSingleton<IDistributedLockProvider, InProcessLocks>();
        services.AddSingleton<LocalFileStore>();
        services.AddSingleton<IAmazonS3>(sp => CreateClient(sp.GetRequiredService<IOptions<PortalOptions>>().Value.Storage.S3));
        services.AddSingleton<S3FileStore>();
        services.AddSingleton<IFileStore>(sp => sp.GetRequiredService<IOptions<PortalOptions>>().Value.Storage.IsS3()
            ? sp.GetRequiredService<S3FileStore>()
            : sp.GetRequiredService<LocalFileStore>());
        return services;
    }

    /// <summary>The SDK client for <c>Portal:Storage:S3</c>; <paramref name="configure"/> changes the SDK's settings after the portal's (tests watch the requests with it).</summary>
    public static AmazonS3Client CreateClient(S3StorageOptions settings, Action<AmazonS3Config>? configure = null)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = settings.ForcePathStyle,
            // Newer SDKs add CRC checksums to every request and expect them in answers; many
            // S3-compatible stores have neither, so only operations that require one get one.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (settings.ServiceUrl.Length > 0)
        {
            config.ServiceURL = settings.ServiceUrl;
            config.AuthenticationRegion = settings.Region.Length > 0 ? settings.Region : "us-east-1";
        }
        else if (settings.Region.Length > 0)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(settings.Region);
        }

        configure?.Invoke(config);

        return settings.AccessKey.Length > 0
            ? new AmazonS3Client(new BasicAWSCredentials(settings.AccessKey, settings.SecretKey), config)
            : new AmazonS3Client(config);
    }
}
