using System.Text.Json;
using CoursePortal.Hosting;
using CoursePortal.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace CoursePortal.Tests.Operations;

public sealed class ConfigurationTests
{
    [Fact]
    public void The_settings_file_lists_every_portal_setting_with_its_default()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        var configuration = new ConfigurationBuilder().AddJsonFile(file).Build();
        var bound = configuration.GetSection(PortalOptions.Section).Get<PortalOptions>()!;
        var keys = configuration.GetSection(PortalOptions.Section).AsEnumerable(makePathsRelative: true).Select(k => k.Key).ToHashSet();

        Assert.Equal(JsonSerializer.Serialize(new PortalOptions()), JsonSerializer.Serialize(bound));
        foreach (var property in Paths(typeof(PortalOptions), ""))
        {
            Assert.True(keys.Contains(property), $"appsettings.json lacks Portal:{property}");
        }
    }

    [Theory]
    [InlineData("Logging:RetainedFiles", "5000", "Portal:Logging:RetainedFiles must be between 1 and 3650.")]
    [InlineData("Logging:RetainedFiles", "0", "Portal:Logging:RetainedFiles must be between 1 and 3650.")]
    [InlineData("Uploads:MaxBytes", "0", "Portal:Uploads:MaxBytes must be at least 1.")]
    [InlineData("RateLimits:SignInPerMinute", "0", "Portal:RateLimits:SignInPerMinute must be at least 1.")]
    [InlineData("RateLimits:UploadsPerMinute", "-3", "Portal:RateLimits:UploadsPerMinute must be at least 1.")]
    [InlineData("Redis", "redis:6379,passwort=secret", "Portal:Redis is not a StackExchange.Redis connection string")]
    [InlineData("Redis", "password=secret", "Portal:Redis names no server")]
    public void A_setting_in_a_nested_section_is_checked_against_its_declared_rule(string key, string value, string message)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"Portal:{key}"] = value, ["Portal:DataDirectory"] = Path.GetTempPath() })
            .Build();
        var options = configuration.GetSection(PortalOptions.Section).Get<PortalOptions>()!;

        var result = new PortalOptionsValidator().Validate(null, options);

        Assert.True(result.Failed, $"Portal:{key}={value} was accepted");
        Assert.True(result.Failures.Any(f => f.StartsWith(message, StringComparison.Ordinal)), string.Join("\n", result.Failures));
    }

    [Fact]
    public void The_portal_runs_the_workstation_garbage_collector()
    {
        // The runtime reads this from the app's runtimeconfig.json, which the build writes from the project's
        // ServerGarbageCollection property (the Web SDK turns the server GC on unless told otherwise).
        var file = Path.Combine(AppContext.BaseDirectory, "CoursePortal.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(file));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.TryGetProperty("System.GC.Server", out var server), "the runtime config does not choose a GC");
        Assert.False(server.GetBoolean());
    }

    [Fact]
    public async Task A_data_directory_that_cannot_be_written_stops_the_start_with_a_clear_message_and_no_stack_trace()
    {
        // A path below a file can never be created, whoever runs the test.
        var blocker = Path.GetTempFileName();
        try
        {
            var (exit, output, errors) = await PortalProcess.RunAsync(new Dictionary<string, string>
            {
                ["Portal__DataDirectory"] = Path.Combine(blocker, "data"),
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{PortalProcess.FreePort()}",
            });

            Assert.Equal(2, exit);
            Assert.StartsWith("Course Portal cannot start; fix these settings", errors, StringComparison.Ordinal);
            Assert.Contains("Portal:DataDirectory", errors, StringComparison.Ordinal);
            Assert.Contains("cannot be written", errors, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", errors + output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    [Fact]
    public async Task A_single_sign_on_provider_over_http_or_without_a_client_id_stops_a_production_start_and_its_secret_stays_out()
    {
        var (exit, output, errors) = await PortalProcess.RunAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Portal__DataDirectory"] = Directory.CreateTempSubdirectory("portal-config-").FullName,
            ["Portal__Sso__Providers__0__Name"] = "campus",
            ["Portal__Sso__Providers__0__Authority"] = "http://login.example.edu",
            ["Portal__Sso__Providers__0__ClientSecret"] = "very-secret-value",
        });

        Assert.Equal(2, exit);
        Assert.Contains("Portal:Sso:Providers:0:Authority \"http://login.example.edu\" must use https", errors, StringComparison.Ordinal);
        Assert.Contains("Portal:Sso:Providers:0:ClientId is empty", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret-value", errors + output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", errors + output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_bad_settings_are_all_reported_at_once()
    {
        var (exit, _, errors) = await PortalProcess.RunAsync(new Dictionary<string, string>
        {
            ["Portal__DataDirectory"] = Directory.CreateTempSubdirectory("portal-config-").FullName,
            ["Portal__PathBase"] = "courses/",
            ["Portal__Admin__Email"] = "admin@example.edu",
            ["Portal__ForwardedHeaders__KnownNetworks__0"] = "not-a-network",
        });

        Assert.Equal(2, exit);
        Assert.Contains("Portal:PathBase", errors, StringComparison.Ordinal);
        Assert.Contains("Portal:Admin needs both", errors, StringComparison.Ordinal);
        Assert.Contains("not-a-network", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sink_named_in_the_Serilog_section_is_found_and_written()
    {
        var data = Directory.CreateTempSubdirectory("portal-sink-").FullName;
        var log = Path.Combine(data, "from-settings.log");
        var port = PortalProcess.FreePort();
        try
        {
            await using (var portal = PortalProcess.Start(new Dictionary<string, string>
            {
                ["Portal__DataDirectory"] = data,
                ["Serilog__WriteTo__0__Name"] = "File",
                ["Serilog__WriteTo__0__Args__path"] = log,
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            }))
            {
                await portal.WaitUntilAnsweringAsync($"http://127.0.0.1:{port}/api/courses");
            }

            // Stopping the portal flushes the sink.
            Assert.True(File.Exists(log), "no log file from the Serilog section");
            Assert.Contains("/api/courses", await File.ReadAllTextAsync(log), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Logs_are_compact_json_when_asked_and_go_to_a_rolling_file_in_the_data_directory()
    {
        var data = Directory.CreateTempSubdirectory("portal-logs-").FullName;
        var port = PortalProcess.FreePort();
        try
        {
            await using (var portal = PortalProcess.Start(new Dictionary<string, string>
            {
                ["Portal__DataDirectory"] = data,
                ["Portal__Logging__Json"] = "true",
                ["Portal__Logging__File"] = "true",
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            }))
            {
                await portal.WaitUntilAnsweringAsync($"http://127.0.0.1:{port}/api/courses");
                // The request's log line follows its response; on a busy machine, a little later.
                await Eventually.TrueAsync(() => portal.Output.Contains("\"StatusCode\":200", StringComparison.Ordinal));

                var lines = portal.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.NotEmpty(lines);
                foreach (var line in lines)
                {
                    using var json = JsonDocument.Parse(line);
                    Assert.True(json.RootElement.TryGetProperty("@t", out _), line);
                }

                Assert.Contains(lines, l => l.Contains("/api/courses", StringComparison.Ordinal) && l.Contains("\"StatusCode\":200", StringComparison.Ordinal));
            }

            var file = Assert.Single(Directory.GetFiles(Path.Combine(data, "logs"), "portal-*.log"));
            Assert.Contains("/api/courses", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static IEnumerable<string> Paths(Type type, string prefix)
    {
        // Only what configuration can set: derived values and the copied connection string have no public setter.
        foreach (var property in type.GetProperties().Where(p => p.SetMethod?.IsPublic == true))
        {
            var name = prefix + property.Name;
            if (property.PropertyType.IsClass && property.PropertyType != typeof(string) && !property.PropertyType.IsGenericType)
            {
                foreach (var inner in Paths(property.PropertyType, name + ":"))
                {
                    yield return inner;
                }
            }
            else if (!property.PropertyType.IsGenericType)
            {
                yield return name;
            }
        }
    }
}
