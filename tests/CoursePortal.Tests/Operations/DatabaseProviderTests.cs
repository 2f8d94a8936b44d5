using CoursePortal.Data;
using CoursePortal.Hosting;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace CoursePortal.Tests.Operations;

public sealed class DatabaseProviderTests
{
    [Fact]
    public void Each_provider_has_a_migration_for_every_model_change()
    {
        // Neither needs a server: the model is compared with the provider's last migration snapshot.
        using var sqlite = new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite("Data Source=:memory:").Options, TimeProvider.System);
        using var postgres = new PostgresPortalDbContext(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql("Host=localhost").Options, TimeProvider.System);

        Assert.False(sqlite.Database.HasPendingModelChanges(),
            "The model changed without a SQLite migration: dotnet ef migrations add Name --project src/CoursePortal --context SqlitePortalDbContext --output-dir Data/Migrations/Sqlite");
        Assert.False(postgres.Database.HasPendingModelChanges(),
            "The model changed without a PostgreSQL migration: dotnet ef migrations add Name --project src/CoursePortal --context PostgresPortalDbContext --output-dir Data/Migrations/PostgreSQL");
        Assert.Equal(
            sqlite.Database.GetMigrations().Select(m => m[15..]),
            postgres.Database.GetMigrations().Select(m => m[15..]));
    }

    [Theory]
    [InlineData("sqlite", null, null)]
    [InlineData("PostgreSQL", "Host=db;Database=portal", null)]
    [InlineData("postgresql", null, "Portal:Database:Provider is PostgreSQL, so ConnectionStrings:Portal (ConnectionStrings__Portal) must hold")]
    [InlineData("MySql", null, "Portal:Database:Provider \"MySql\" is not known; use Sqlite")]
    public void The_provider_is_named_in_any_case_and_PostgreSQL_needs_its_connection_string(string provider, string? connectionString, string? problem)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Portal:Database:Provider"] = provider, ["Portal:DataDirectory"] = Path.GetTempPath() })
            .Build();
        var options = configuration.GetSection(PortalOptions.Section).Get<PortalOptions>()!;
        options.Database.ConnectionString = connectionString ?? "";

        var result = new PortalOptionsValidator().Validate(null, options);

        if (problem is null)
        {
            Assert.True(result.Succeeded, string.Join("\n", result.Failures ?? []));
        }
        else
        {
            Assert.Contains(result.Failures!, f => f.StartsWith(problem, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task An_unreachable_PostgreSQL_server_stops_the_start_with_a_readable_message_and_no_stack_trace()
    {
        var data = Directory.CreateTempSubdirectory("portal-pg-down-").FullName;
        try
        {
            var (exit, output, errors) = await PortalProcess.RunAsync(new Dictionary<string, string>
            {
                ["Portal__DataDirectory"] = data,
                ["Portal__Database__Provider"] = "PostgreSQL",
                // Nothing listens on a port just freed.
                ["ConnectionStrings__Portal"] = $"Host=127.0.0.1;Port={PortalProcess.FreePort()};Database=portal;Username=portal;Password=not-logged-9f2c;Timeout=5",
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{PortalProcess.FreePort()}",
            });

            Assert.Equal(3, exit);
            Assert.StartsWith("Course Portal cannot start: its PostgreSQL database could not be reached", errors, StringComparison.Ordinal);
            Assert.Contains("ConnectionStrings:Portal", errors, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", errors + output, StringComparison.Ordinal);
            Assert.DoesNotContain("not-logged-9f2c", errors + output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task The_embedded_backup_command_on_PostgreSQL_says_what_to_use_instead_and_writes_nothing()
    {
        var data = Directory.CreateTempSubdirectory("portal-pg-backup-").FullName;
        try
        {
            var zip = Path.Combine(data, "backup.zip");
            var (exit, _, errors) = await PortalProcess.RunAsync(new Dictionary<string, string>
            {
                ["Portal__DataDirectory"] = data,
                ["Portal__Database__Provider"] = "PostgreSQL",
                ["ConnectionStrings__Portal"] = "Host=127.0.0.1;Database=portal;Username=portal",
            }, "backup", zip);

            Assert.Equal(1, exit);
            Assert.Contains("pg_dump", errors, StringComparison.Ordinal);
            Assert.False(File.Exists(zip));
            Assert.False(File.Exists(Path.Combine(data, "portal.db")));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

#if SCALED
    [Fact]
    public async Task A_wrong_PostgreSQL_password_stops_the_start_with_a_readable_message_and_no_stack_trace()
    {
        var data = Directory.CreateTempSubdirectory("portal-pg-password-").FullName;
        try
        {
            var server = new Npgsql.NpgsqlConnectionStringBuilder(TestDatabases.ConnectionString("postgres")) { Password = "wrong-password-5e1a" };
            var (exit, output, errors) = await PortalProcess.RunAsync(new Dictionary<string, string>
            {
                ["Portal__DataDirectory"] = data,
                ["Portal__Database__Provider"] = "PostgreSQL",
                ["ConnectionStrings__Portal"] = server.ConnectionString,
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{PortalProcess.FreePort()}",
            });

            Assert.Equal(3, exit);
            Assert.Contains("password authentication failed", errors, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", errors + output, StringComparison.Ordinal);
            Assert.DoesNotContain("wrong-password-5e1a", errors + output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
#endif
}
