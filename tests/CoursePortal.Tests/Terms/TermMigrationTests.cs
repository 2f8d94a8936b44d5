using CoursePortal.Data;
using CoursePortal.Terms;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CoursePortal.Tests.Terms;

/// <summary>
/// An install from before terms were records upgrades without losing a day off: courses join one term per term name,
/// holidays every course of a term had become the term's, the others stay the course's own.
/// </summary>
public sealed class TermMigrationTests
{
    private const string Before = "ScheduleUndo";

    [Fact]
    public async Task Existing_courses_move_into_terms_and_every_course_skips_the_same_days_as_before()
    {
        await using var db = NewContext(out var cleanup);
        try
        {
            var migrator = db.GetService<IMigrator>();
            var previous = db.Database.GetMigrations().Single(m => m.EndsWith("_" + Before, StringComparison.Ordinal));
            await migrator.MigrateAsync(previous);

            // Two courses of Fall 2025 with the university's two breaks, one of them with a day of its own; a Spring course alone.
            await Insert(db, 1, "alpha", "Fall 2025", "2025-09-02", "2025-12-10");
            await Insert(db, 2, "beta", "Fall 2025", "2025-09-08", "2025-12-15");
            await Insert(db, 3, "gamma", "Spring 2026", "2026-01-26", "2026-05-08");
            await Holiday(db, 1, "Fall recess", "2025-10-11", "2025-10-18");
            await Holiday(db, 1, "Thanksgiving", "2025-11-26", "2025-11-30");
            await Holiday(db, 1, "Field trip", "2025-10-01", "2025-10-01");
            await Holiday(db, 2, "Fall recess", "2025-10-11", "2025-10-18");
            await Holiday(db, 2, "Thanksgiving", "2025-11-26", "2025-11-30");
            await Holiday(db, 3, "Spring break", "2026-03-14", "2026-03-22");
            var before = await DaysOffAsync(db);

            await migrator.MigrateAsync();

            var terms = await db.Terms.AsNoTracking().Include(t => t.Holidays).OrderBy(t => t.StartDate).ToListAsync();
            Assert.Equal(["Fall 2025", "Spring 2026"], terms.Select(t => t.Name));
            Assert.Equal((new DateOnly(2025, 9, 2), new DateOnly(2025, 12, 15)), (terms[0].StartDate, terms[0].EndDate));
            Assert.Equal(["Fall recess", "Thanksgiving"], terms[0].Holidays.OrderBy(h => h.StartDate).Select(h => h.Name));
            Assert.Equal(["Spring break"], terms[1].Holidays.Select(h => h.Name));
            Assert.Equal(["Field trip"], await db.Holidays.AsNoTracking().Select(h => h.Name).ToListAsync());
            Assert.All(terms, t => Assert.NotEqual(Guid.Empty, t.Version));

            var courses = await db.Courses.AsNoTracking().OrderBy(c => c.Id).ToListAsync();
            Assert.Equal([("Fall 2025", "2025-09-02"), ("Fall 2025", "2025-09-08"), ("Spring 2026", "2026-01-26")],
                courses.Select(c => (c.TermName, c.TermStart.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))));
            var after = await CourseHolidays.ForCoursesAsync(db, [1, 2, 3], CancellationToken.None);
            foreach (var id in new[] { 1, 2, 3 })
            {
                Assert.Equal(before[id], after[id].Select(h => (h.Name, h.StartDate, h.EndDate)).OrderBy(h => h.StartDate).ToList());
            }
        }
        finally
        {
            await db.Database.EnsureDeletedAsync();
            cleanup();
        }
    }

#pragma warning disable CA1859 // one signature for both providers
    private static PortalDbContext NewContext(out Action cleanup)
    {
#if SCALED
        var name = "portal_migration_" + Guid.NewGuid().ToString("n")[..12];
        TestDatabases.EnsureExists(name);
        cleanup = () => TestDatabases.Drop(name);
        return new PostgresPortalDbContext(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql(TestDatabases.ConnectionString(name)).Options, TimeProvider.System);
#else
        var file = Path.Combine(Path.GetTempPath(), $"portal-migration-{Guid.NewGuid():n}.db");
        cleanup = () => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite($"Data Source={file};Foreign Keys=True").Options, TimeProvider.System);
#endif
    }
#pragma warning restore CA1859

    private static Task<int> Insert(PortalDbContext db, int id, string slug, string term, string start, string end) =>
        db.Database.ExecuteSqlRawAsync(
            """
            INSERT INTO "Courses" ("Id", "Slug", "Code", "Title", "TermName", "TermStart", "TermEnd", "TimeZoneId", "Location", "MeetingDays",
                "DescriptionMarkdown", "PrerequisitesMarkdown", "IsPublished", "CreatedAt", "UpdatedAt", "Version")
            VALUES ({0}, {1}, 'X 1', 'X', {2}, {3}, {4}, 'America/New_York', '', 10, '', '', TRUE, {5}, {5}, {6})
            """,
            id, slug, term, DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture),
            new DateTime(2025, 8, 1, 0, 0, 0, DateTimeKind.Utc), Guid.NewGuid());

    private static Task<int> Holiday(PortalDbContext db, int courseId, string name, string start, string end) =>
        db.Database.ExecuteSqlRawAsync(
            """INSERT INTO "Holidays" ("CourseId", "Name", "StartDate", "EndDate") VALUES ({0}, {1}, {2}, {3})""",
            courseId, name, DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Before the upgrade every day off was a course's own row.</summary>
    private static async Task<Dictionary<int, List<(string Name, DateOnly StartDate, DateOnly EndDate)>>> DaysOffAsync(PortalDbContext db)
    {
        var rows = await db.Database.SqlQueryRaw<HolidayRow>("""SELECT "CourseId", "Name", "StartDate", "EndDate" FROM "Holidays" """).ToListAsync();
        return rows.GroupBy(r => r.CourseId).ToDictionary(g => g.Key, g => g.Select(r => (r.Name, r.StartDate, r.EndDate)).OrderBy(h => h.StartDate).ToList());
    }

    private sealed record HolidayRow(int CourseId, string Name, DateOnly StartDate, DateOnly EndDate);
}
