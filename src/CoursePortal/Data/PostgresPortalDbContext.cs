using CoursePortal.Accounts;
using CoursePortal.Caching;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Data;

/// <summary>The portal's database on PostgreSQL: its migrations are in Data/Migrations/PostgreSQL.</summary>
public sealed class PostgresPortalDbContext(DbContextOptions<PostgresPortalDbContext> options, TimeProvider clock, CurrentActor? actor = null, PublicCache? cache = null)
    : PortalDbContext(options, clock, actor, cache);
