using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CoursePortal.Data;

/// <summary>Lets <c>dotnet ef migrations add … --context SqlitePortalDbContext</c> build the model without starting the app.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqlitePortalDbContext>
{
    public SqlitePortalDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite("Data Source=design.db").Options, TimeProvider.System);
}

/// <summary>
/// Lets <c>dotnet ef migrations add … --context PostgresPortalDbContext</c> build the model without a server
/// (adding a migration never connects; <c>dotnet ef database update</c> would use this placeholder).
/// </summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresPortalDbContext>
{
    public PostgresPortalDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql("Host=localhost;Database=course_portal").Options, TimeProvider.System);
}
