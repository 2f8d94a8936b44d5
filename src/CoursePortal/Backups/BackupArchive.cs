using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using CoursePortal.Hosting;
using CoursePortal.Materials;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace CoursePortal.Backups;

/// <summary>
/// One zip holds a whole portal: a consistent copy of the database (SQLite <c>VACUUM INTO</c>, taken
/// while the portal runs), every stored file it refers to, and a manifest with their SHA-256 sums.
/// Restoring checks everything before it moves anything into place, so a damaged or foreign archive
/// changes nothing.
/// </summary>
public sealed class BackupArchive(PortalPaths paths, IFileStore files, IOptions<PortalOptions> options, TimeProvider clock)
{
    public const string Format = "course-portal-backup";
    public const int FormatVersion = 1;
    private const string ManifestName = "manifest.json";
    private const string DatabaseName = "portal.db";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public sealed record Manifest(string Format, int FormatVersion, DateTime CreatedAt, string? Migration, FileEntry Database, IReadOnlyList<FileEntry> Files);

    public sealed record FileEntry(string Path, string Sha256, long Size);

    /// <summary>Writes a backup to <paramref name="zipPath"/> (via a temporary file, so a half-written archive never has the final name).</summary>
    public async Task<Manifest> CreateAsync(string zipPath, CancellationToken cancellationToken)
    {
        RefuseScaledSetup();
        Directory.CreateDirectory(paths.TempDirectory);
        var snapshot = Path.Combine(paths.TempDirectory, $"backup-{Guid.NewGuid():n}.db");
        var partial = zipPath + ".partial";
        try
        {
            await using (var live = new SqliteConnection(paths.ConnectionString))
            {
                await live.OpenAsync(cancellationToken);
                await using var vacuum = live.CreateCommand();
                vacuum.CommandText = "VACUUM INTO $path";
                vacuum.Parameters.AddWithValue("$path", snapshot);
                await vacuum.ExecuteNonQueryAsync(cancellationToken);
            }

            var (hashes, migration) = await ReadSnapshotAsync(snapshot, cancellationToken);
            var fileEntries = new List<FileEntry>();
            foreach (var hash in hashes)
            {
                if (await files.GetInfoAsync(hash, cancellationToken) is { } info)
                {
                    fileEntries.Add(new FileEntry(FileKeys.RelativePath(hash), hash, info.Size));
                }
            }

            var manifest = new Manifest(Format, FormatVersion, clock.GetUtcNow().UtcDateTime, migration,
                new FileEntry(DatabaseName, await Sha256Async(snapshot, cancellationToken), new FileInfo(snapshot).Length), fileEntries);

            await using (var output = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None))
            using (var zip = new ZipArchive(output, ZipArchiveMode.Create))
            {
                await using (var entry = await zip.CreateEntry(ManifestName, CompressionLevel.Optimal).OpenAsync(cancellationToken))
                {
                    await JsonSerializer.SerializeAsync(entry, manifest, Json, cancellationToken);
                }

                await AddFileAsync(zip, DatabaseName, snapshot, CompressionLevel.Optimal, cancellationToken);
                foreach (var file in fileEntries)
                {
                    // PDFs are compressed already; storing them saves time and loses nothing.
                    await using var entry = await zip.CreateEntry(file.Path, CompressionLevel.NoCompression).OpenAsync(cancellationToken);
                    await using var source = await files.OpenReadAsync(file.Sha256, 0, null, cancellationToken)
                        ?? throw new BackupException($"The stored file {file.Sha256} disappeared during the backup; run it again.");
                    await source.CopyToAsync(entry, cancellationToken);
                }
            }

            File.Move(partial, zipPath, overwrite: true);
            return manifest;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(snapshot);
            File.Delete(partial);
        }
    }

    /// <summary>
    /// Restores into the data directory, which must hold no portal yet unless <paramref name="replace"/>
    /// is set; then its current content is moved aside into <c>replaced-{time}</c>, not deleted.
    /// </summary>
    /// <exception cref="BackupException">The archive is damaged or foreign, or the target is in use; nothing was changed.</exception>
    public async Task<Manifest> RestoreAsync(string zipPath, bool replace, CancellationToken cancellationToken)
    {
        RefuseScaledSetup();
        if (!File.Exists(zipPath))
        {
            throw new BackupException($"There is no file at {zipPath}.");
        }

        var occupied = File.Exists(paths.DatabaseFile) || (Directory.Exists(paths.FilesDirectory) && Directory.EnumerateFileSystemEntries(paths.FilesDirectory).Any());
        if (occupied && !replace)
        {
            throw new BackupException(
                $"The data directory {paths.DataDirectory} already holds a portal. Restore into an empty data directory, or add --replace to move the current content aside first.");
        }

        Directory.CreateDirectory(paths.DataDirectory);
        var staging = Path.Combine(paths.DataDirectory, $".restore-{Guid.NewGuid():n}");
        Directory.CreateDirectory(staging);
        try
        {
            var manifest = await ExtractAndVerifyAsync(zipPath, staging, cancellationToken);
            if (occupied)
            {
                var aside = Path.Combine(paths.DataDirectory, $"replaced-{clock.GetUtcNow():yyyyMMdd-HHmmss}");
                Directory.CreateDirectory(aside);
                foreach (var name in new[] { "portal.db", "portal.db-wal", "portal.db-shm", "files" })
                {
                    var current = Path.Combine(paths.DataDirectory, name);
                    if (File.Exists(current))
                    {
                        File.Move(current, Path.Combine(aside, name));
                    }
                    else if (Directory.Exists(current))
                    {
                        Directory.Move(current, Path.Combine(aside, name));
                    }
                }
            }

            var stagedFiles = Path.Combine(staging, "files");
            if (Directory.Exists(stagedFiles))
            {
                Directory.Move(stagedFiles, paths.FilesDirectory);
            }

            File.Move(Path.Combine(staging, DatabaseName), paths.DatabaseFile);
            return manifest;
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>The archive holds the embedded SQLite file and the data directory's files; the scaled setup is backed up with its engines' own tools.</summary>
    public bool IsAvailable => !options.Value.Database.IsPostgreSql && !options.Value.Storage.IsS3();

    private const string ScaledSetupMessage =
        "backup and restore are for the embedded setup (SQLite and files in the data directory). On PostgreSQL or S3 storage, "
        + "back up the database with its own tools (pg_dump) and the bucket with the object store's (versioning, replication or a sync).";

    private void RefuseScaledSetup()
    {
        if (!IsAvailable)
        {
            throw new BackupException(ScaledSetupMessage);
        }
    }

    private static async Task<Manifest> ExtractAndVerifyAsync(string zipPath, string staging, CancellationToken cancellationToken)
    {
        try
        {
            await using var input = new FileStream(zipPath, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var zip = new ZipArchive(input, ZipArchiveMode.Read);
            var manifestEntry = zip.GetEntry(ManifestName)
                ?? throw new BackupException($"{Path.GetFileName(zipPath)} is not a Course Portal backup: it has no {ManifestName}.");
            Manifest? manifest;
            await using (var stream = await manifestEntry.OpenAsync(cancellationToken))
            {
                manifest = await JsonSerializer.DeserializeAsync<Manifest>(stream, Json, cancellationToken);
            }

            if (manifest is null || manifest.Format != Format || manifest.Database is null || manifest.Files is null)
            {
                throw new BackupException($"{Path.GetFileName(zipPath)} is not a Course Portal backup: its manifest is of another kind.");
            }

            if (manifest.FormatVersion > FormatVersion)
            {
                throw new BackupException($"This backup was made by a newer Course Portal (format {manifest.FormatVersion}); upgrade the portal before restoring it.");
            }

            foreach (var file in manifest.Files.Prepend(manifest.Database))
            {
                if (!IsSafeEntryPath(file.Path))
                {
                    throw new BackupException($"The backup names an unsafe path ({file.Path}); it is not restored.");
                }

                var entry = zip.GetEntry(file.Path) ?? throw new BackupException($"The backup is incomplete: {file.Path} is missing.");
                var target = Path.Combine(staging, file.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await using (var source = await entry.OpenAsync(cancellationToken))
                await using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write))
                {
                    await source.CopyToAsync(output, cancellationToken);
                }

                if (await Sha256Async(target, cancellationToken) != file.Sha256)
                {
                    throw new BackupException($"The backup is damaged: {file.Path} does not match its checksum.");
                }
            }

            await CheckDatabaseAsync(Path.Combine(staging, DatabaseName), cancellationToken);
            return manifest;
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or EndOfStreamException or NotSupportedException)
        {
            throw new BackupException($"{Path.GetFileName(zipPath)} is damaged or not a zip archive ({e.Message}).");
        }
    }

    private static async Task CheckDatabaseAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync(cancellationToken);
            await using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            var result = (string?)await check.ExecuteScalarAsync(cancellationToken);
            if (result != "ok")
            {
                throw new BackupException($"The backup's database fails SQLite's integrity check: {result}.");
            }
        }
        catch (SqliteException e)
        {
            throw new BackupException($"The backup's database cannot be opened: {e.Message}.");
        }
    }

    private static async Task<(List<string> Hashes, string? Migration)> ReadSnapshotAsync(string snapshot, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection($"Data Source={snapshot};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(cancellationToken);
        var hashes = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT FileHash FROM Materials WHERE FileHash IS NOT NULL UNION SELECT FileHash FROM MaterialVersions";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                hashes.Add(reader.GetString(0));
            }
        }

        await using var migration = connection.CreateCommand();
        migration.CommandText = "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId DESC LIMIT 1";
        return (hashes, (string?)await migration.ExecuteScalarAsync(cancellationToken));
    }

    private static async Task AddFileAsync(ZipArchive zip, string name, string path, CompressionLevel level, CancellationToken cancellationToken)
    {
        await using var entry = await zip.CreateEntry(name, level).OpenAsync(cancellationToken);
        await using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);
        await source.CopyToAsync(entry, cancellationToken);
    }

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    /// <summary>Only the two kinds of entry a backup has: the database and files/xx/hash.</summary>
    private static bool IsSafeEntryPath(string path) =>
        path == DatabaseName
        || (path.Length == 6 + 3 + 64 && path.StartsWith("files/", StringComparison.Ordinal) && path[8] == '/'
            && path[6..8].All(char.IsAsciiHexDigitLower) && path[9..].All(char.IsAsciiHexDigitLower) && path[6..8] == path[9..11]);
}

/// <summary>A backup or restore that cannot go ahead; the message says why, for the admin.</summary>
public sealed class BackupException(string message) : Exception(message);
