using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Operations;

// SQLite only: schema-v1.db is a SQLite file from the first release; PostgreSQL starts at its own first migration.
#if !SCALED
public sealed class UpgradeTests
{
    [Fact]
    public async Task A_database_made_by_the_first_released_schema_opens_in_the_current_one_with_its_data()
    {
        var directory = Directory.CreateTempSubdirectory("portal-upgrade-").FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "schema-v1.db"), Path.Combine(directory, "portal.db"));
        try
        {
            using var app = PortalApplication.OnDirectory(directory);

            var applied = await app.WithDbAsync(db => db.Database.GetAppliedMigrationsAsync());
            var known = await app.WithDbAsync(db => Task.FromResult(db.Database.GetMigrations()));
            Assert.Equal(known, applied);
            Assert.Equal(19, await app.WithDbAsync(db => db.Lectures.CountAsync()));
            Assert.True(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "fixture.admin@example.edu")));
            await app.SignInAsync("fixture.admin@example.edu", "fixture-password");
            var page = await app.GetDocumentAsync(app.CreateClient(), "/" + DemoSeeder.Slug);
            Assert.Contains("Sanjeev Arora", page.QuerySelector("#staff")!.TextContent, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
#endif
