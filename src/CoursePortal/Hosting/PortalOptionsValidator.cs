using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace CoursePortal.Hosting;

/// <summary>
/// Checks the settings at start, each with a message that says what to change: what the attributes on
/// <see cref="PortalOptions"/> declare, in every nested section and list (source-generated, so none is
/// skipped), then the rules that need code.
/// </summary>
/// <param name="environment">Development allows what a developer's machine needs (an http identity provider); none given counts as production.</param>
public sealed partial class PortalOptionsValidator(IHostEnvironment? environment = null) : IValidateOptions<PortalOptions>
{
    public ValidateOptionsResult Validate(string? name, PortalOptions options)
    {
        var declared = new DeclaredRules().Validate(name, options);
        var problems = declared.Failed ? declared.Failures.Select(SettingName).ToList() : [];
        if (DataDirectoryProblem(options.DataDirectory) is { } data)
        {
            problems.Add(data);
        }

        if (DatabaseProblem(options.Database) is { } database)
        {
            problems.Add(database);
        }

        if (options.PathBase.Length > 0 && (!options.PathBase.StartsWith('/') || options.PathBase.EndsWith('/')))
        {
            problems.Add($"Portal:PathBase \"{options.PathBase}\" must start with / and not end with one, e.g. /courses (or be empty).");
        }

        if (!Courses.CourseClock.IsKnownZone(options.TimeZone))
        {
            problems.Add($"Portal:TimeZone \"{options.TimeZone}\" is not an IANA time zone this machine knows, e.g. America/New_York or Europe/Berlin.");
        }

        if (RedisProblem(options.Redis, options.RedisPrefix) is { } redis)
        {
            problems.Add(redis);
        }

        var (email, password) = (options.Admin.Email, options.Admin.Password);
        if (string.IsNullOrWhiteSpace(email) != string.IsNullOrEmpty(password))
        {
            problems.Add("Portal:Admin needs both Email and Password, or neither (then the log shows a one-time setup link).");
        }
        else if (!string.IsNullOrEmpty(password) && password.Length is < Accounts.PasswordFields.MinLength or > Accounts.PasswordFields.SignInMaxLength)
        {
            problems.Add($"Portal:Admin:Password must have {Accounts.PasswordFields.MinLength} to {Accounts.PasswordFields.SignInMaxLength} characters.");
        }

        problems.AddRange(options.ForwardedHeaders.KnownProxies
            .Where(p => !IPAddress.TryParse(p, out _))
            .Select(p => $"Portal:ForwardedHeaders:KnownProxies has \"{p}\", which is not an IP address."));
        problems.AddRange(options.ForwardedHeaders.KnownNetworks
            .Where(n => !System.Net.IPNetwork.TryParse(n, out _))
            .Select(n => $"Portal:ForwardedHeaders:KnownNetworks has \"{n}\", which is not a network in CIDR form such as 172.16.0.0/12."));

        problems.AddRange(StorageProblems(options.Storage));
        problems.AddRange(options.Sso.Problems(environment?.IsDevelopment() == true));
        if (!string.IsNullOrWhiteSpace(email) && !options.Sso.AllowsPassword(email))
        {
            problems.Add($"Portal:Admin:Email \"{email}\" signs in with a password, but Portal:Sso:DisablePasswords is on: list it in Portal:Sso:BreakGlassAdmins too.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>"RetainedFiles: The field PortalOptions.Logging.RetainedFiles must …" → "Portal:Logging:RetainedFiles must …", as the operator writes it.</summary>
    private static string SettingName(string failure)
    {
        var match = DeclaredFailure().Match(failure);
        return match.Success ? $"{PortalOptions.Section}:{match.Groups["path"].Value.Replace('.', ':')} {match.Groups["rule"].Value}" : failure;
    }

    [GeneratedRegex(@"^\w+: (The field )?PortalOptions\.(?<path>[\w.\[\]]+) (?<rule>.*)$", RegexOptions.Singleline)]
    private static partial Regex DeclaredFailure();

    private static IEnumerable<string> StorageProblems(StorageOptions storage)
    {
        if (!storage.IsS3())
        {
            if (!string.Equals(storage.Provider, StorageOptions.FileSystem, StringComparison.OrdinalIgnoreCase))
            {
                yield return $"Portal:Storage:Provider \"{storage.Provider}\" is unknown; use FileSystem (the data directory) or S3.";
            }

            yield break;
        }

        var s3 = storage.S3;
        if (string.IsNullOrWhiteSpace(s3.Bucket))
        {
            yield return "Portal:Storage:S3:Bucket is empty; with Portal:Storage:Provider S3, name the bucket that keeps the files (Portal__Storage__S3__Bucket).";
        }

        if (s3.ServiceUrl.Length > 0
            && !(Uri.TryCreate(s3.ServiceUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)))
        {
            yield return $"Portal:Storage:S3:ServiceUrl \"{s3.ServiceUrl}\" is not an absolute http or https address, such as http://minio:9000 (or leave it empty for AWS).";
        }

        if (string.IsNullOrEmpty(s3.AccessKey) != string.IsNullOrEmpty(s3.SecretKey))
        {
            // Never the values themselves: they are secrets.
            yield return "Portal:Storage:S3 needs both AccessKey and SecretKey, or neither (then the SDK's standard credentials, such as AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).";
        }

        if (s3.Prefix.StartsWith('/'))
        {
            yield return $"Portal:Storage:S3:Prefix \"{s3.Prefix}\" must not start with /; write it as keys are written, e.g. portal/.";
        }
    }

    private static string? DatabaseProblem(DatabaseOptions database)
    {
        if (!database.IsPostgreSql && !string.Equals(database.Provider, DatabaseOptions.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            return $"Portal:Database:Provider \"{database.Provider}\" is not known; use {DatabaseOptions.Sqlite} (the default, a file in the data directory) or {DatabaseOptions.PostgreSql}.";
        }

        return database.IsPostgreSql && string.IsNullOrWhiteSpace(database.ConnectionString)
            ? $"Portal:Database:Provider is {DatabaseOptions.PostgreSql}, so ConnectionStrings:Portal (ConnectionStrings__Portal) must hold the server's connection string, e.g. Host=db;Database=portal;Username=portal;Password=…"
            : null;
    }

    /// <summary>The connection string is parsed, never echoed: it may hold a password.</summary>
    private static string? RedisProblem(string redis, string prefix)
    {
        if (string.IsNullOrWhiteSpace(redis))
        {
            return null;
        }

        try
        {
            if (StackExchange.Redis.ConfigurationOptions.Parse(redis).EndPoints.Count == 0)
            {
                return "Portal:Redis names no server; give host:port, e.g. redis:6379 (or leave it empty for a single instance).";
            }
        }
        catch (ArgumentException)
        {
            return "Portal:Redis is not a StackExchange.Redis connection string such as redis:6379,password=… (or leave it empty for a single instance).";
        }

        return string.IsNullOrWhiteSpace(prefix)
            ? "Portal:RedisPrefix is empty; keep the default course-portal: or name this portal, so its keys stay apart from others in the same Redis."
            : null;
    }

    /// <summary>Creates the folder if needed and proves a file can be written in it.</summary>
    private static string? DataDirectoryProblem(string? directory)
    {
        if (string.IsNullOrWhiteSpace(directory))
        {
            return "Portal:DataDirectory is empty; set it to a folder the portal may write, such as /data.";
        }

        var full = Path.GetFullPath(directory);
        try
        {
            Directory.CreateDirectory(full);
            var probe = Path.Combine(full, $".write-test-{Guid.NewGuid():n}");
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"Portal:DataDirectory \"{full}\" cannot be written ({e.Message}). Give the portal's user write access to it, or point Portal:DataDirectory (Portal__DataDirectory) at a writable folder.";
        }
    }

    /// <summary>The attributes' rules, walked recursively by the options source generator.</summary>
    [OptionsValidator]
    private sealed partial class DeclaredRules : IValidateOptions<PortalOptions>;
}
