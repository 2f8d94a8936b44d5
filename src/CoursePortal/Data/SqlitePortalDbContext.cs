using CoursePortal.Accounts;
using CoursePortal.Caching;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Data;

/// <summary>The portal's database on SQLite (the default): its migrations are in Data/Migrations/Sqlite.</summary>
public sealed class SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options, TimeProvider clock, CurrentActor? actor = null, PublicCache? cache = null)
    : PortalDbContext(options, clock, actor, cache);
