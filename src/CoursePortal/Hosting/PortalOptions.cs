using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CoursePortal.Hosting;

/// <summary>
/// The <c>Portal</c> section of appsettings.json: every setting an operator may change, with its
/// default. Each can be overridden by an environment variable such as <c>Portal__DataDirectory</c>.
/// </summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>Folder for the database, stored files, keys and logs; a relative path starts at the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Load the demo course when the database has no course yet.</summary>
    public bool SeedDemo { get; set; } = true;

    /// <summary>
    /// The IANA time zone of portal-wide pages (admin: invitations, the audit log), e.g. "America/New_York";
    /// a course's own pages use the course's zone.
    /// </summary>
    public string TimeZone { get; set; } = "America/New_York";

    /// <summary>The zone <see cref="TimeZone"/> names (UTC if this machine does not know it; the validator refuses that at start).</summary>
    public TimeZoneInfo PortalZone() => Courses.CourseClock.Zone(TimeZone);

    /// <summary>Which database engine holds the portal's data.</summary>
#pragma warning disable SYSLIB1202 // no attribute in it yet: one added later is still checked
    [ValidateObjectMembers]
    public DatabaseOptions Database { get; set; } = new();
#pragma warning restore SYSLIB1202

    /// <summary>Serve the portal under a sub-path, e.g. "/courses" behind a proxy; empty for the site root.</summary>
    public string PathBase { get; set; } = "";

    /// <summary>
    /// A StackExchange.Redis connection string (e.g. "redis:6379,password=…") for running several instances:
    /// sign-in keys, cache invalidation and rate limits are then shared through it. Empty for one instance.
    /// </summary>
    public string Redis { get; set; } = "";

    /// <summary>Put before every Redis key and channel, so several portals (or test apps) can share one Redis.</summary>
    public string RedisPrefix { get; set; } = "course-portal:";

    /// <summary>The first admin account, made at start when both are set. Leave empty to get a one-time setup link instead.</summary>
#pragma warning disable SYSLIB1202 // no attribute in it yet: one added later is still checked
    [ValidateObjectMembers]
    public AdminOptions Admin { get; set; } = new();
#pragma warning restore SYSLIB1202

    /// <summary>Limits for uploaded files.</summary>
    [ValidateObjectMembers]
    public UploadOptions Uploads { get; set; } = new();

    /// <summary>Where and how the portal logs.</summary>
    [ValidateObjectMembers]
    public LoggingOptions Logging { get; set; } = new();

    /// <summary>How many sign-in attempts and uploads a client may make per minute.</summary>
    [ValidateObjectMembers]
    public RateLimitOptions RateLimits { get; set; } = new();

    /// <summary>Where stored files are kept: the data directory, or an S3-compatible bucket.</summary>
#pragma warning disable SYSLIB1202 // no attribute in it yet: one added later is still checked
    [ValidateObjectMembers]
    public StorageOptions Storage { get; set; } = new();
#pragma warning restore SYSLIB1202

    /// <summary>Single sign-on: the university's OpenID Connect providers, and whether passwords stay on.</summary>
#pragma warning disable SYSLIB1202 // no attribute in it yet: one added later is still checked
    [ValidateObjectMembers]
    public Accounts.SsoOptions Sso { get; set; } = new();
#pragma warning restore SYSLIB1202

    /// <summary>Which reverse proxies may tell the portal the client's scheme, host and address.</summary>
#pragma warning disable SYSLIB1202 // no attribute in it yet: one added later is still checked
    [ValidateObjectMembers]
    public ProxyOptions ForwardedHeaders { get; set; } = new();
#pragma warning restore SYSLIB1202
}

/// <summary><c>Portal:Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSQL";

    /// <summary>"Sqlite" (default: portal.db in the data directory) or "PostgreSQL" (the server in <c>ConnectionStrings:Portal</c>), in any case.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>Whether the portal runs on PostgreSQL.</summary>
    public bool IsPostgreSql => string.Equals(Provider, PostgreSql, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// <c>ConnectionStrings:Portal</c> (environment: <c>ConnectionStrings__Portal</c>), copied here at start so that one
    /// object holds the database settings; not bound from the Portal section (no public setter) and never logged.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string ConnectionString { get; internal set; } = "";
}

/// <summary><c>Portal:Admin</c>: e-mail and password of the admin account ensured at start.</summary>
public sealed class AdminOptions
{
    public string Email { get; set; } = "";

    public string Password { get; set; } = "";
}

/// <summary><c>Portal:Uploads</c>.</summary>
public sealed class UploadOptions
{
    /// <summary>Largest accepted file, in bytes (default 100 MB). A larger upload is refused with 413 before it is read.</summary>
    [AtLeast(1)]
    public long MaxBytes { get; set; } = 100L * 1024 * 1024;
}

/// <summary><c>Portal:RateLimits</c>: requests over these get 429 Too Many Requests.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Sign-in attempts per minute from one client address.</summary>
    [AtLeast(1)]
    public int SignInPerMinute { get; set; } = 10;

    /// <summary>Uploaded files per minute from one signed-in user.</summary>
    [AtLeast(1)]
    public int UploadsPerMinute { get; set; } = 120;
}

/// <summary><c>Portal:Logging</c>. Levels are set in the <c>Serilog</c> section.</summary>
public sealed class LoggingOptions
{
    /// <summary>Write compact JSON lines instead of readable text (for log collectors).</summary>
    public bool Json { get; set; }

    /// <summary>Also write a daily rolling file under <c>{data}/logs</c>.</summary>
    public bool File { get; set; }

    /// <summary>How many daily log files to keep.</summary>
    [Range(1, 3650)]
    public int RetainedFiles { get; set; } = 14;
}

/// <summary><c>Portal:ForwardedHeaders</c>. Loopback proxies are always trusted.</summary>
public sealed class ProxyOptions
{
    /// <summary>Addresses of trusted proxies, e.g. "10.0.0.5".</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR form, e.g. "172.16.0.0/12" for a Docker network.</summary>
    public List<string> KnownNetworks { get; set; } = [];
}

/// <summary><c>Portal:Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string FileSystem = "FileSystem";
    public const string S3Provider = "S3";

    /// <summary><c>FileSystem</c> (default: under the data directory) or <c>S3</c> (the bucket in <see cref="S3"/>).</summary>
    public string Provider { get; set; } = FileSystem;

    /// <summary>Used when <see cref="Provider"/> is S3.</summary>
#pragma warning disable SYSLIB1202 // no attribute in it yet: one added later is still checked
    [ValidateObjectMembers]
    public S3StorageOptions S3 { get; set; } = new();
#pragma warning restore SYSLIB1202

    public bool IsS3() => string.Equals(Provider, S3Provider, StringComparison.OrdinalIgnoreCase);
}

/// <summary><c>Portal:Storage:S3</c>: any S3-compatible store (AWS, MinIO, Ceph, Garage, …).</summary>
public sealed class S3StorageOptions
{
    /// <summary>The store's address, e.g. "http://minio:9000"; empty for AWS itself (then <see cref="Region"/> picks the endpoint).</summary>
    public string ServiceUrl { get; set; } = "";

    /// <summary>The bucket that holds the files; it must exist.</summary>
    public string Bucket { get; set; } = "";

    /// <summary>The region to sign for; empty means the SDK's own setting (AWS_REGION), or "us-east-1" with a <see cref="ServiceUrl"/>.</summary>
    public string Region { get; set; } = "";

    /// <summary>Address the bucket as a path (<c>host/bucket/key</c>), as most S3-compatible stores expect; false for virtual-hosted names.</summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>Access key and secret; both empty means the SDK's standard chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, an instance role).</summary>
    public string AccessKey { get; set; } = "";

    public string SecretKey { get; set; } = "";

    /// <summary>Put before every key, e.g. "portal/" to share a bucket; files are under <c>{Prefix}files/ab/{sha256}</c>.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>Answer a download with a redirect to a short-lived signed address in the store instead of passing the bytes through the portal.</summary>
    public bool RedirectDownloads { get; set; }
}
