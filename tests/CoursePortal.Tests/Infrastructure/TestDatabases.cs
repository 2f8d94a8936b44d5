using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace CoursePortal.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL databases of a Scaled test run (and of the default run's tests that need one, such as
/// Operations/MoveUpTests.cs), on the server in PORTAL_TEST_POSTGRES: one per data
/// directory (so an app started again on a directory finds its data), cloned from a template made once per
/// run, dropped when the app that made it is disposed; whatever is left is dropped when the run ends.
/// </summary>
internal static class TestDatabases
{
    public const string Variable = "PORTAL_TEST_POSTGRES";
    private const string Default = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres";

    /// <summary>CREATE DATABASE … TEMPLATE refuses while anyone else uses the template, another clone included.</summary>
    private static readonly Lock Cloning = new();
    private static readonly ConcurrentDictionary<string, bool> Made = new();

    static TestDatabases() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var name in Made.Keys)
        {
            Drop(name);
        }
    };

    private static readonly string OwnerPrefix = $"course-portal-tests {Environment.MachineName} ";

    /// <summary>
    /// Written on each database (and run bucket, see TestStorage) this process makes. The test host is not
    /// always given time to finish its exit handlers, so each run first drops what a finished run on this machine left behind.
    /// </summary>
    internal static readonly string Owner = $"{OwnerPrefix}{Environment.ProcessId}";

    private static readonly Lazy<bool> Swept = new(SweepLeftovers);

    private static string Server => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } set ? set : Default;

    /// <summary>"portal_test_&lt;guid&gt;" for a test app's data directory, "portal_template_&lt;guid&gt;" for a template's.</summary>
    public static string NameFor(string dataDirectory)
    {
        var leaf = Path.GetFileName(Path.TrimEndingDirectorySeparator(dataDirectory));
        var isTemplate = leaf.StartsWith("template-", StringComparison.Ordinal);
        var id = Guid.TryParse(isTemplate ? leaf["template-".Length..] : leaf, out var guid)
            ? guid.ToString("n")
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDirectory))))[..32];
        return (isTemplate ? "portal_template_" : "portal_test_") + id;
    }

    public static string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(Server) { Database = database }.ConnectionString;

    /// <summary>Makes an empty database unless it exists (an app started again on its data directory).</summary>
    public static void EnsureExists(string name)
    {
        using var connection = Open();
        using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", name);
        if (exists.ExecuteScalar() is null)
        {
            _ = Swept.Value;
            Execute(connection, $"CREATE DATABASE \"{name}\"");
            Own(connection, name);
        }
    }

    public static void CloneFrom(string template, string name)
    {
        using var connection = Open();
        lock (Cloning)
        {
            Execute(connection, $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        }

        Own(connection, name);
    }

    private static void Own(NpgsqlConnection connection, string name)
    {
        Made[name] = true;
        Execute(connection, $"COMMENT ON DATABASE \"{name}\" IS '{Owner}'");
    }

    /// <summary>Drops the test databases made on this machine by a process that has ended.</summary>
    private static bool SweepLeftovers()
    {
        var ended = new List<string>();
        using (var connection = Open())
        using (var owners = new NpgsqlCommand("SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database WHERE datname LIKE 'portal\\_%'", connection))
        using (var reader = owners.ExecuteReader())
        {
            while (reader.Read())
            {
                if (IsLeftOver(reader.IsDBNull(1) ? "" : reader.GetString(1)))
                {
                    ended.Add(reader.GetString(0));
                }
            }
        }

        ended.ForEach(Drop);
        return true;
    }

    /// <summary>Whether <paramref name="owner"/> (an <see cref="Owner"/>) names a process on this machine that has ended.</summary>
    internal static bool IsLeftOver(string owner) =>
        owner.StartsWith(OwnerPrefix, StringComparison.Ordinal) && int.TryParse(owner[OwnerPrefix.Length..], out var pid) && !IsRunning(pid);

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static void Drop(string name)
    {
        var connectionString = ConnectionString(name);
        using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        using var connection = Open();
        Execute(connection, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        Made.TryRemove(name, out _);
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(ConnectionString("postgres"));
        try
        {
            connection.Open();
            return connection;
        }
        catch (NpgsqlException e)
        {
            connection.Dispose();
            var server = new NpgsqlConnectionStringBuilder(Server);
            throw new InvalidOperationException(
                $"PostgreSQL at {server.Host}:{server.Port} (user {server.Username}) is unreachable for the Scaled tests ({e.Message}). " +
                $"Start it (Debian: pg_ctlcluster 15 main start) or point {Variable} at a server, e.g. \"{Default}\".", e);
        }
    }
}
