using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace CoursePortal.Hosting;

/// <summary>
/// Checks the settings at start, each with a message that says what to change: what the attributes on
/// <see cref="PortalOptions"/> declare, in every nested section and list (source-generated, so none is
/// skipped), then the rules that need code.
/// </summary>
public sealed partial class PortalOptionsValidator : IValidateOptions<PortalOptions>
{
    public ValidateOptionsResult Validate(string? name, PortalOptions options)
    {
        var declared = new DeclaredRules().Validate(name, options);
        var problems = declared.Failed ? declared.Failures.Select(SettingName).ToList() : [];
        if (DataDirectoryProblem(options.DataDirectory) is { } data)
        {
            problems.Add(data);
        }

        if (options.PathBase.Length > 0 && (!options.PathBase.StartsWith('/') || options.PathBase.EndsWith('/')))
        {
            problems.Add($"Portal:PathBase \"{options.PathBase}\" must start with / and not end with one, e.g. /courses (or be empty).");
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
