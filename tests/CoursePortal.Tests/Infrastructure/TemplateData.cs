using Microsoft.Data.Sqlite;

namespace CoursePortal.Tests.Infrastructure;

/// <summary>
/// Data directories migrated (and seeded with the demo course) once per test run, which each test
/// app copies instead of migrating and seeding its own: a copy takes milliseconds, the start-up work
/// seconds. The app still runs its start-up work on the copy, finding nothing to do.
/// </summary>
internal static class TemplateData
{
    private static readonly Lazy<string> Seeded = new(() => Make(seedDemo: true));
    private static readonly Lazy<string> Empty = new(() => Make(seedDemo: false));

    /// <summary>Copies the database and stored files of the template into <paramref name="target"/>.</summary>
    public static void CopyTo(string target, bool seedDemo)
    {
        var source = (seedDemo ? Seeded : Empty).Value;
#if SCALED
        TestDatabases.CloneFrom(TestDatabases.NameFor(source), TestDatabases.NameFor(target));
        // The stored files (the demo's PDFs) are in the template's bucket prefix, not in its directory.
        TestStorage.CloneFrom(TestDatabases.NameFor(source), TestDatabases.NameFor(target));
#endif
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
    }

    private static string Make(bool seedDemo)
    {
        var directory = Path.Combine(Path.GetTempPath(), "portal-tests", $"template-{Guid.NewGuid():n}");
        using (var app = new TemplateApplication(directory, seedDemo))
        {
            _ = app.Services;
        }

#if SCALED
        // A template database may be cloned only while no one is connected to it.
        Npgsql.NpgsqlConnection.ClearAllPools();
#else
        // One file holds everything: the write-ahead log folded in, no connection left open on it.
        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "portal.db")};Pooling=false"))
        {
            connection.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            checkpoint.ExecuteNonQuery();
        }
#endif

        // What belongs to one app alone: its keys, logs and unfinished uploads.
        foreach (var own in new[] { "keys", "logs", "tmp" })
        {
            var path = Path.Combine(directory, own);
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }

        foreach (var leftover in Directory.EnumerateFiles(directory, "portal.db-*"))
        {
            File.Delete(leftover);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(directory, recursive: true);
        return directory;
    }

    /// <summary>Makes the template in place and leaves it there when disposed.</summary>
    private sealed class TemplateApplication : PortalApplication
    {
        private readonly bool seedDemo;

        public TemplateApplication(string directory, bool seedDemo)
            : base(directory)
        {
            this.seedDemo = seedDemo;
            StartFromTemplate = false;
            OwnsDataDirectory = false;
        }

        protected override bool SeedDemo => seedDemo;
    }
}
