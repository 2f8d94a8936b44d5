using System.Net;
using System.Text.Json;
using CoursePortal.Hosting;
using CoursePortal.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace CoursePortal.Tests.Storage;

public sealed class StorageSettingsTests
{
    [Theory]
    [InlineData("Provider=Azure", "Portal:Storage:Provider \"Azure\" is unknown")]
    [InlineData("Provider=S3", "Portal:Storage:S3:Bucket is empty")]
    [InlineData("Provider=S3;S3:Bucket=b;S3:ServiceUrl=minio:9000", "Portal:Storage:S3:ServiceUrl \"minio:9000\" is not an absolute http or https address")]
    [InlineData("Provider=S3;S3:Bucket=b;S3:ServiceUrl=ftp://minio", "Portal:Storage:S3:ServiceUrl \"ftp://minio\" is not an absolute http or https address")]
    [InlineData("Provider=S3;S3:Bucket=b;S3:ServiceUrl=http://minio:9000;S3:SecretKey=do-not-show-this", "Portal:Storage:S3 needs both AccessKey and SecretKey, or neither")]
    [InlineData("Provider=S3;S3:Bucket=b;S3:ServiceUrl=http://minio:9000;S3:Prefix=/portal", "Portal:Storage:S3:Prefix \"/portal\" must not start with /")]
    public void A_storage_setting_that_cannot_work_stops_the_start_with_what_to_change(string settings, string message)
    {
        var failures = Validate(settings);

        Assert.True(failures.Any(f => f.StartsWith(message, StringComparison.Ordinal)), string.Join("\n", failures));
        Assert.DoesNotContain(failures, f => f.Contains("do-not-show-this", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Provider=filesystem")]
    [InlineData("Provider=S3;S3:Bucket=b;S3:ServiceUrl=https://s3.example.edu;S3:AccessKey=a;S3:SecretKey=s;S3:Prefix=portal/")]
    [InlineData("Provider=s3;S3:Bucket=b;S3:Region=eu-central-1")]
    public void Working_storage_settings_pass(string settings) => Assert.Empty(Validate(settings));

    private static List<string> Validate(string settings)
    {
        var values = settings.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.Split('=', 2))
            .ToDictionary(kv => $"Portal:Storage:{kv[0]}", kv => (string?)kv[1]);
        values["Portal:DataDirectory"] = Path.GetTempPath();
        var options = new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(PortalOptions.Section).Get<PortalOptions>()!;
        var result = new PortalOptionsValidator().Validate(null, options);
        return result.Failed ? result.Failures.ToList() : [];
    }
}

/// <summary>A portal pointed at a bucket that does not exist: it still starts, and /readyz names the storage.</summary>
public sealed class MissingBucketApplication : PortalApplication
{
    protected override bool SeedDemo => false;

    protected override IEnumerable<KeyValuePair<string, string>> Settings
    {
        get
        {
            var s3 = S3TestServer.Settings($"portal-test-missing-{Guid.NewGuid():n}"[..40]);
            return
            [
                new("Portal:Storage:Provider", "S3"),
                new("Portal:Storage:S3:ServiceUrl", s3.ServiceUrl),
                new("Portal:Storage:S3:Bucket", s3.Bucket),
                new("Portal:Storage:S3:AccessKey", s3.AccessKey),
                new("Portal:Storage:S3:SecretKey", s3.SecretKey),
            ];
        }
    }
}

public sealed class MissingBucketTests(MissingBucketApplication app) : IClassFixture<MissingBucketApplication>
{
    [Fact]
    public async Task Readyz_fails_and_names_the_storage_when_the_bucket_does_not_answer()
    {
        using var ready = await app.CreateClient().GetAsync("/readyz");

        var body = await ready.Content.ReadAsStringAsync();
        Assert.True(ready.StatusCode == HttpStatusCode.ServiceUnavailable, body);
        using var json = JsonDocument.Parse(body);
        var checks = json.RootElement.GetProperty("checks");
        Assert.Equal("Unhealthy", checks.GetProperty("storage").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.DoesNotContain(S3TestServer.SecretKey + "\"", body, StringComparison.Ordinal);
    }
}
