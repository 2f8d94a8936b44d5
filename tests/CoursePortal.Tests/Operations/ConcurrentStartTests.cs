#if SCALED
using CoursePortal.Accounts;
using CoursePortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Tests.Operations;

/// <summary>PostgreSQL only: several instances of one portal start on one database at the same moment.</summary>
public sealed class ConcurrentStartTests
{
    [Fact]
    public async Task Two_instances_starting_at_once_on_a_fresh_database_both_come_up_with_one_demo_course_one_admin_and_no_error_logged()
    {
        // Two data directories (one per instance, as on two machines), one database that neither has migrated.
        var shared = Directory.CreateTempSubdirectory("portal-concurrent-").FullName;
        var database = TestDatabases.NameFor(shared);
        TestDatabases.EnsureExists(database);
        var first = Directory.CreateTempSubdirectory("portal-instance-a-").FullName;
        var second = Directory.CreateTempSubdirectory("portal-instance-b-").FullName;
        try
        {
            using var a = new SharedDatabaseApplication(first, database);
            using var b = new SharedDatabaseApplication(second, database);
            using var go = new Barrier(2);
            await Task.WhenAll(
                Task.Run(() => { go.SignalAndWait(); _ = a.Services; }),
                Task.Run(() => { go.SignalAndWait(); _ = b.Services; }));

            Assert.Equal(1, await a.WithDbAsync(db => db.Courses.CountAsync()));
            // A first start on a new database is a normal start: nothing in the log looks like a failure.
            Assert.Empty(a.Logs.Entries.Concat(b.Logs.Entries).Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error).Select(e => e.Message));
            var admins = await a.WithDbAsync(async db =>
            {
                var role = await db.Roles.SingleAsync(r => r.Name == StaffRoles.Admin);
                return await db.UserRoles.CountAsync(r => r.RoleId == role.Id);
            });
            Assert.Equal(1, admins);
            Assert.Equal(1, await b.WithDbAsync(db => db.Users.CountAsync()));
            await b.SignInAsync(SharedDatabaseApplication.AdminEmail, SharedDatabaseApplication.AdminPassword);
            using var page = await a.CreateClient().GetAsync("/");
            Assert.True(page.IsSuccessStatusCode);
        }
        finally
        {
            TestDatabases.Drop(database);
            TestStorage.Delete(database);
            foreach (var directory in new[] { shared, first, second })
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>An instance on a database named by the test, with the admin configured as an operator would.</summary>
    private sealed class SharedDatabaseApplication(string dataDirectory, string database) : PortalApplication(dataDirectory, database)
    {
        public const string AdminEmail = "first.admin@example.edu";
        public const string AdminPassword = "concurrent start password";

        protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [
            new("Portal:Admin:Email", AdminEmail),
            new("Portal:Admin:Password", AdminPassword),
        ];
    }
}
#endif
