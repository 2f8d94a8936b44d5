using System.Security.Cryptography;
using CoursePortal.Data;
using CoursePortal.Hosting;
using CoursePortal.Materials;
using Medallion.Threading;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CoursePortal.Moving;

/// <summary>
/// Moves a single-box portal (its SQLite file and the files in its data directory) into the configured
/// PostgreSQL database and file store: every table row for row, keys, Version tokens, times and password
/// hashes as they are, every stored file streamed across; then compares both sides before it commits.
/// The source is only read, through a copy of its database; a target that holds anything is refused.
/// </summary>
public sealed class PortalMove(IServiceProvider services, IOptions<PortalOptions> options, PortalPaths paths, IFileStore target, TimeProvider clock)
{
    /// <summary>Reads the source's stored files with the same layout rule the portal writes them with.</summary>
    private LocalFileStore SourceStore(string source) =>
        new(new PortalPaths(Options.Create(new PortalOptions { DataDirectory = source })), new FileStaging(paths), new InProcessLocks(), clock);

    public async Task<MoveReport> RunAsync(string sourceDirectory, TextWriter output, CancellationToken cancellationToken)
    {
        var source = Path.GetFullPath(sourceDirectory);
        var database = options.Value.Database;
        CheckSettings(source, database);

        Directory.CreateDirectory(paths.TempDirectory);
        var copy = Path.Combine(paths.TempDirectory, $"move-up-{Guid.NewGuid():n}.db");
        try
        {
            await SnapshotAsync(source, copy, cancellationToken);
            await using var from = new SqlitePortalDbContext(
                new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite($"Data Source={copy};Foreign Keys=True;Pooling=False").Options, clock);
            await PrepareCopyAsync(from, output, cancellationToken);

            // The start-up lock: an instance starting now waits, then finds a filled database (no demo seeded into it halfway).
            await using var held = await StartupWork.AcquireLockAsync(services, cancellationToken);
            await using var to = new PostgresPortalDbContext(
                new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql(database.ConnectionString).Options, clock);
            await RefuseOccupiedAsync(to, cancellationToken);
            await DatabaseInitializer.MigrateAsync(to, cancellationToken);
            return await MoveAsync(source, from, to, output, cancellationToken);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(copy);
        }
    }

    private void CheckSettings(string source, DatabaseOptions database)
    {
        if (!database.IsPostgreSql || database.ConnectionString.Length == 0)
        {
            throw new MoveException("move-up fills a PostgreSQL database: run it with the new setup's settings, "
                + "Portal__Database__Provider=PostgreSQL and ConnectionStrings__Portal (and Portal__Storage__Provider=S3 with Portal__Storage__S3__…).");
        }

        if (!Directory.Exists(source))
        {
            throw new MoveException($"There is no directory at {source}.");
        }

        if (!File.Exists(Path.Combine(source, "portal.db")))
        {
            throw new MoveException($"{source} is not a Course Portal data directory: it has no portal.db.");
        }

        if (string.Equals(source, paths.DataDirectory, StringComparison.Ordinal))
        {
            throw new MoveException($"Portal:DataDirectory is the source itself; give the new setup a data directory of its own (Portal__DataDirectory).");
        }
    }

    /// <summary>A consistent copy, as backups take it (safe while the old portal runs); the source's own file is only read.</summary>
    private static async Task SnapshotAsync(string source, string copy, CancellationToken cancellationToken)
    {
        try
        {
            await using var live = new SqliteConnection($"Data Source={Path.Combine(source, "portal.db")};Mode=ReadOnly;Pooling=False");
            await live.OpenAsync(cancellationToken);
            await using var vacuum = live.CreateCommand();
            vacuum.CommandText = "VACUUM INTO $path";
            vacuum.Parameters.AddWithValue("$path", copy);
            await vacuum.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException e)
        {
            throw new MoveException($"{source} is not a Course Portal data directory: its portal.db cannot be read ({e.Message}).");
        }
    }

    /// <summary>Brings the copy to the current schema and to the current rules for what it holds.</summary>
    private static async Task PrepareCopyAsync(SqlitePortalDbContext copy, TextWriter output, CancellationToken cancellationToken)
    {
        try
        {
            var known = copy.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
            var applied = (await copy.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
            if (applied.Count == 0)
            {
                throw new MoveException("The source's portal.db holds no Course Portal schema.");
            }

            if (applied.FirstOrDefault(m => !known.Contains(m)) is { } newer)
            {
                throw new MoveException($"The source was made by a newer Course Portal (migration {newer}); move it with that version.");
            }

            await DatabaseInitializer.MigrateAsync(copy, cancellationToken);
        }
        catch (SqliteException e)
        {
            throw new MoveException($"The source's portal.db cannot be read or upgraded ({e.Message}).");
        }

        // Course addresses are lower case (CourseRules.SlugPattern; lookups lower-case the address, and a
        // save refuses capitals). One made before that rule could not be found; it moves lower-cased.
        var courses = await copy.Courses.AsNoTracking().Select(c => new { c.Id, c.Slug }).ToListAsync(cancellationToken);
        foreach (var course in courses.Where(c => !string.Equals(c.Slug, c.Slug.ToLowerInvariant(), StringComparison.Ordinal)))
        {
            var lower = course.Slug.ToLowerInvariant();
            if (courses.Any(c => c.Id != course.Id && c.Slug == lower))
            {
                throw new MoveException($"The courses “{course.Slug}” and “{lower}” differ only in case; rename one in the old portal first.");
            }

            await copy.Courses.Where(c => c.Id == course.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Slug, lower), cancellationToken);
            await output.WriteLineAsync($"The course address “{course.Slug}” moves as “{lower}” (addresses are lower case; links in any case still find it).");
        }
    }

    /// <summary>Nothing may be in the target: no row in any of the portal's tables, no file in the store.</summary>
    private async Task RefuseOccupiedAsync(PostgresPortalDbContext db, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var existing = new HashSet<string>(StringComparer.Ordinal);
            await using (var tables = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()", connection))
            await using (var reader = await tables.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    existing.Add(reader.GetString(0));
                }
            }

            var occupied = new List<string>();
            foreach (var name in ModelTables.InForeignKeyOrder(db.Model).Select(ModelTables.TableName).Where(existing.Contains))
            {
                await using var any = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM \"{name}\")", connection);
                if ((bool)(await any.ExecuteScalarAsync(cancellationToken))!)
                {
                    occupied.Add(name);
                }
            }

            if (occupied.Count > 0)
            {
                throw new MoveException($"The target database is not empty (rows in {string.Join(", ", occupied)}); nothing was changed. "
                    + "move-up only fills a new, empty database: create one, or drop this one's content yourself if it is not needed.");
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        await foreach (var _ in target.ListHashesAsync(cancellationToken))
        {
            throw new MoveException($"The target file store is not empty ({DescribeStore()} holds files); nothing was changed. "
                + "move-up only fills an empty bucket or folder.");
        }
    }

    private async Task<MoveReport> MoveAsync(string source, SqlitePortalDbContext from, PostgresPortalDbContext to, TextWriter output, CancellationToken cancellationToken)
    {
        var tables = ModelTables.InForeignKeyOrder(to.Model);
        var problems = new List<string>();
        var stored = new List<string>();
        await using var transaction = await to.Database.BeginTransactionAsync(cancellationToken);
        to.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var table in tables)
            {
                await ModelTables.CopyAsync(table, from, to, cancellationToken);
            }

            await MoveSequencesAsync(to, tables, transaction, cancellationToken);

            var files = await ReferencedFilesAsync(from, cancellationToken);
            var sourceStore = SourceStore(source);
            long bytes = 0;
            foreach (var (hash, names) in files)
            {
                bytes += await CopyFileAsync(sourceStore, hash, names, stored, problems, cancellationToken);
            }

            // Verified inside the transaction: what is compared is exactly what the commit makes visible.
            var summaries = await VerifyRowsAsync(tables, from, to, problems, cancellationToken);
            // Files the copy could not take are reported once, as it found them.
            await VerifyFilesAsync(files.Where(f => FileKeys.IsHash(f.Key) && !problems.Any(p => p.Contains(f.Key, StringComparison.Ordinal))), problems, cancellationToken);
            if (problems.Count > 0)
            {
                throw new MoveVerificationException(problems);
            }

            await transaction.CommitAsync(cancellationToken);
            return new MoveReport(source, DescribeDatabase(), DescribeStore(), summaries, files.Count, bytes);
        }
        catch
        {
            try
            {
                await transaction.RollbackAsync(CancellationToken.None);
            }
            catch (System.Data.Common.DbException)
            {
                // The connection is gone: the server discards the uncommitted transaction itself.
            }

            await RemoveAsync(stored);
            throw;
        }
    }

    /// <summary>Ids were inserted as they were, so each identity sequence is moved past them: the next insert gets a new id.</summary>
    private static async Task MoveSequencesAsync(PostgresPortalDbContext db, IEnumerable<Microsoft.EntityFrameworkCore.Metadata.IEntityType> tables, IDbContextTransaction transaction, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        foreach (var table in tables)
        {
            if (table.FindPrimaryKey()?.Properties is not [{ ValueGenerated: Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.OnAdd } key]
                || (key.ClrType != typeof(int) && key.ClrType != typeof(long)))
            {
                continue;
            }

            var name = ModelTables.TableName(table);
            var column = key.GetColumnName();
            await using var setval = new NpgsqlCommand(
                $"SELECT setval(pg_get_serial_sequence('\"{name}\"', '{column}'), COALESCE(MAX(\"{column}\"), 0) + 1, false) FROM \"{name}\"",
                connection, (NpgsqlTransaction)transaction.GetDbTransaction());
            await setval.ExecuteScalarAsync(cancellationToken);
        }
    }

    /// <summary>Every file a material or an earlier version refers to, with the names it was uploaded under (for messages).</summary>
    private static async Task<SortedDictionary<string, SortedSet<string>>> ReferencedFilesAsync(SqlitePortalDbContext db, CancellationToken cancellationToken)
    {
        var current = await db.Materials.AsNoTracking().Where(m => m.FileHash != null).Select(m => new { Hash = m.FileHash!, m.FileName }).ToListAsync(cancellationToken);
        var earlier = await db.MaterialVersions.AsNoTracking().Select(v => new { Hash = v.FileHash, FileName = (string?)v.FileName }).ToListAsync(cancellationToken);
        var files = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var file in current.Concat(earlier))
        {
            if (!files.TryGetValue(file.Hash, out var names))
            {
                files[file.Hash] = names = new SortedSet<string>(StringComparer.Ordinal);
            }

            if (file.FileName is { Length: > 0 } name)
            {
                names.Add(name);
            }
        }

        return files;
    }

    /// <summary>Streams one file through the target's staging (hashed on the way, never whole in memory) into the store.</summary>
    private async Task<long> CopyFileAsync(LocalFileStore sourceStore, string hash, SortedSet<string> names, List<string> stored, List<string> problems, CancellationToken cancellationToken)
    {
        var label = Label(hash, names);
        if (!FileKeys.IsHash(hash))
        {
            problems.Add($"{label}: the database names a file by something that is not a SHA-256 hash.");
            return 0;
        }

        await using var content = await sourceStore.OpenReadAsync(hash, 0, null, cancellationToken);
        if (content is null)
        {
            problems.Add($"{label}: missing from the source's data directory.");
            return 0;
        }

        using var staged = await target.StageAsync(content, long.MaxValue, cancellationToken);
        if (staged.Hash != hash)
        {
            problems.Add($"{label}: damaged in the source, its bytes' SHA-256 is {staged.Hash}, not the hash it is stored under; not copied.");
            return 0;
        }

        await target.CommitAsync(staged, cancellationToken);
        stored.Add(hash);
        return staged.Size;
    }

    private static async Task<List<TableSummary>> VerifyRowsAsync(
        IEnumerable<Microsoft.EntityFrameworkCore.Metadata.IEntityType> tables, PortalDbContext from, PortalDbContext to, List<string> problems, CancellationToken cancellationToken)
    {
        var summaries = new List<TableSummary>();
        foreach (var table in tables)
        {
            var name = ModelTables.TableName(table);
            using var sourceHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using var targetHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long sourceRows = 0, targetRows = 0;
            string? firstDifference = null;
            await using var left = ModelTables.ReadAsync(table, from).GetAsyncEnumerator(cancellationToken);
            await using var right = ModelTables.ReadAsync(table, to).GetAsyncEnumerator(cancellationToken);
            bool hasLeft = await left.MoveNextAsync(), hasRight = await right.MoveNextAsync();
            while (hasLeft || hasRight)
            {
                if (hasLeft)
                {
                    sourceRows++;
                    left.Current.AppendTo(sourceHash);
                }

                if (hasRight)
                {
                    targetRows++;
                    right.Current.AppendTo(targetHash);
                }

                // Names the row and the columns only: values may be password hashes or tokens.
                firstDifference ??= (hasLeft, hasRight) switch
                {
                    (true, false) => $"row {left.Current.Key} is missing in the target",
                    (false, true) => $"row {right.Current.Key} is in the target only",
                    _ when left.Current.Key != right.Current.Key => $"row {left.Current.Key} is followed by {right.Current.Key} in the target",
                    _ when Differing(left.Current, right.Current) is { Length: > 0 } columns => $"row {left.Current.Key} differs in {columns}",
                    _ => null,
                };

                hasLeft = hasLeft && await left.MoveNextAsync();
                hasRight = hasRight && await right.MoveNextAsync();
            }

            var sourceDigest = Convert.ToHexStringLower(sourceHash.GetHashAndReset());
            var targetDigest = Convert.ToHexStringLower(targetHash.GetHashAndReset());
            if (sourceRows != targetRows || sourceDigest != targetDigest)
            {
                problems.Add($"{name}: {sourceRows} rows in the source, {targetRows} in the target; content hashes {sourceDigest[..12]} and {targetDigest[..12]}"
                    + (firstDifference is null ? "." : $"; {firstDifference}."));
            }

            summaries.Add(new TableSummary(name, sourceRows, sourceDigest));
        }

        return summaries;
    }

    private static string Differing(ModelTables.Row left, ModelTables.Row right) =>
        string.Join(", ", left.Columns.Zip(right.Columns).Where(pair => pair.First != pair.Second).Select(pair => pair.First.Column));

    /// <summary>Reads every file back from the target store and checks its bytes against its name.</summary>
    private async Task VerifyFilesAsync(IEnumerable<KeyValuePair<string, SortedSet<string>>> files, List<string> problems, CancellationToken cancellationToken)
    {
        foreach (var (hash, names) in files.ToList())
        {
            await using var stored = await target.OpenReadAsync(hash, 0, null, cancellationToken);
            if (stored is null)
            {
                problems.Add($"{Label(hash, names)}: not in the target store.");
                continue;
            }

            var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stored, cancellationToken));
            if (actual != hash)
            {
                problems.Add($"{Label(hash, names)}: the target store's bytes have the SHA-256 {actual}.");
            }
        }
    }

    /// <summary>After a failure, the files this run stored go again, so the target is as empty as it was and a retry is accepted.</summary>
    private async Task RemoveAsync(List<string> stored)
    {
        foreach (var hash in stored)
        {
            // A negative grace deletes whatever the file's age: the target held no file before this run.
            await target.DeleteIfOlderThanAsync(hash, TimeSpan.FromDays(-1), CancellationToken.None);
        }
    }

    private static string Label(string hash, SortedSet<string> names) =>
        (FileKeys.IsHash(hash) ? FileKeys.RelativePath(hash) : hash) + (names.Count > 0 ? $" ({string.Join(", ", names)})" : "");

    /// <summary>Server and database, never the password.</summary>
    private string DescribeDatabase()
    {
        var settings = new NpgsqlConnectionStringBuilder(options.Value.Database.ConnectionString);
        return $"PostgreSQL database {settings.Database ?? settings.Username} on {settings.Host}:{settings.Port}";
    }

    private string DescribeStore()
    {
        var storage = options.Value.Storage;
        return storage.IsS3()
            ? $"S3 bucket {storage.S3.Bucket}" + (storage.S3.Prefix.Length > 0 ? $" under {storage.S3.Prefix}" : "")
            : $"the folder {paths.FilesDirectory}";
    }
}

/// <summary>What was moved, for the summary.</summary>
public sealed record MoveReport(string Source, string Database, string Store, IReadOnlyList<TableSummary> Tables, int Files, long Bytes);

/// <summary>One table: its rows and the SHA-256 of their content, equal on both sides.</summary>
public sealed record TableSummary(string Table, long Rows, string ContentHash);

/// <summary>A move that cannot go ahead; nothing was changed.</summary>
public class MoveException(string message) : Exception(message);

/// <summary>The copy differs from the source; everything was rolled back.</summary>
public sealed class MoveVerificationException(IReadOnlyList<string> problems)
    : MoveException($"The verification failed; nothing was kept in the target:{Environment.NewLine}  - {string.Join($"{Environment.NewLine}  - ", problems)}")
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
