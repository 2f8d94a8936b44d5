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
        // On PostgreSQL the caller holds the start-up lock.
        await MigrateAsync(db, cancellationToken);

        if (db.Database.IsSqlite())
        {
            // Write-ahead logging lets readers go on while a writer commits; the setting is kept in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        scope.ServiceProvider.GetRequiredService<IFileStore>().ClearTemporaryFiles();

        if (scope.ServiceProvider.GetRequiredService<IOptions<PortalOptions>>().Value.SeedDemo)
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(cancellationToken);
        }
    }

    /// <summary>Brings <paramref name="db"/> to the current schema with its provider's migrations (Data/Migrations/Sqlite or PostgreSQL).</summary>
    public static async Task MigrateAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        // Migrating also compares the model with the migrations' snapshot, which takes seconds and only
        // matters when there is something to apply.
        if (db.Database.IsNpgsql())
        {
            // Npgsql finds out whether the history table exists by reading it, which logs an error on a new
            // database (npgsql/efcore.pg#3407); making it first (IF NOT EXISTS) keeps a first start clean.
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        }

        if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
    }
}
