using CoursePortal.Accounts;
using CoursePortal.Caching;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Data;

/// <summary>The portal's database on PostgreSQL: its migrations are in Data/Migrations/PostgreSQL.</summary>
public sealed class PostgresPortalDbContext(DbContextOptions<PostgresPortalDbContext> options, TimeProvider clock, CurrentActor? actor = null, PublicCache? cache = null)
    : PortalDbContext(options, clock, actor, cache)
{
    /// <summary>
    /// Text compares and sorts by code point ("C"), as SQLite's BINARY does, whatever collation the operator
    /// created the database with: lists ordered by name or code read the same on both providers, and equality
    /// (slugs, normalized e-mails) stays exact; case-insensitivity comes from storing slugs in lower case and
    /// from Identity's normalized columns, never from a collation.
    /// </summary>
    public const string TextCollation = "C";

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        foreach (var property in builder.Model.GetEntityTypes().SelectMany(t => t.GetProperties()).Where(p => p.ClrType == typeof(string)))
        {
            property.SetCollation(TextCollation);
        }
    }
}
