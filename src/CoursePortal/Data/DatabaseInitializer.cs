using System.Data.Common;
using CoursePortal.Demo;
using CoursePortal.Hosting;
using CoursePortal.Materials;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;

namespace CoursePortal.Data;

/// <summary>
/// At start-up: brings the database to the current schema, clears what unfinished uploads left, and
/// loads the demo course into an empty database.
/// </summary>
public static class DatabaseInitializer
{
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var paths = scope.ServiceProvider.GetRequiredService<PortalPaths>();
        Directory.CreateDirectory(paths.DataDirectory);

        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        // Migrating compares the model with the migrations' snapshot, which only matters when there is
        // something to apply.
        if (await HasPendingMigrationsAsync(db, cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        // Write-ahead logging lets readers go on while a writer commits; the setting is kept in the file.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);

        scope.ServiceProvider.GetRequiredService<IFileStore>().ClearTemporaryFiles();

        if (scope.ServiceProvider.GetRequiredService<IOptions<PortalOptions>>().Value.SeedDemo)
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Whether the app has migrations the database lacks. Reads EF's history table with one query: EF's own
    /// history repository first builds a small model of its own by conventions, which costs more at start
    /// than the portal's precompiled model. Any doubt (no history table yet, an error) is left to EF.
    /// </summary>
    private static async Task<bool> HasPendingMigrationsAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var applied = new HashSet<string>(StringComparer.Ordinal);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            var table = RelationalOptionsExtension.Extract(db.GetService<IDbContextOptions>()).MigrationsHistoryTableName
                ?? HistoryRepository.DefaultTableName;
            command.CommandText = $"SELECT \"MigrationId\" FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetString(0));
            }
        }
        catch (DbException)
        {
            return (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return db.Database.GetMigrations().Any(id => !applied.Contains(id));
    }
}
