using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CoursePortal.Data;

/// <summary>The portal's one database: courses, their content, accounts and the audit log.</summary>
public class PortalDbContext(DbContextOptions<PortalDbContext> options, TimeProvider clock)
    : IdentityDbContext<PortalUser>(options)
{
    public DbSet<Course> Courses => Set<Course>();
    public DbSet<StaffMember> StaffMembers => Set<StaffMember>();
    public DbSet<OfficeHour> OfficeHours => Set<OfficeHour>();
    public DbSet<Lecture> Lectures => Set<Lecture>();
    public DbSet<Holiday> Holidays => Set<Holiday>();
    public DbSet<Material> Materials => Set<Material>();
    public DbSet<MaterialVersion> MaterialVersions => Set<MaterialVersion>();
    public DbSet<Announcement> Announcements => Set<Announcement>();
    public DbSet<CourseAssignment> CourseAssignments => Set<CourseAssignment>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every instant is stored in UTC and read back as UTC, whatever the provider.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<Course>(e =>
        {
            e.HasIndex(c => c.Slug).IsUnique();
            e.Property(c => c.Slug).HasMaxLength(64);
            e.Property(c => c.Code).HasMaxLength(40);
            e.Property(c => c.Title).HasMaxLength(200);
            e.Property(c => c.TermName).HasMaxLength(60);
            e.Property(c => c.TimeZoneId).HasMaxLength(64);
            e.Property(c => c.Location).HasMaxLength(200);
            e.Property(c => c.Version).IsConcurrencyToken();
        });

        builder.Entity<StaffMember>(e =>
        {
            e.Property(s => s.Name).HasMaxLength(200);
            e.Property(s => s.Role).HasMaxLength(60);
            e.Property(s => s.Email).HasMaxLength(254);
            e.Property(s => s.Version).IsConcurrencyToken();
            e.HasOne(s => s.User).WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.SetNull);
        });

        builder.Entity<OfficeHour>(e =>
        {
            e.Property(o => o.Place).HasMaxLength(200);
            e.Property(o => o.Note).HasMaxLength(500);
            e.Property(o => o.Version).IsConcurrencyToken();
        });

        builder.Entity<Lecture>(e =>
        {
            e.HasIndex(l => new { l.CourseId, l.Date });
            e.Property(l => l.Topic).HasMaxLength(300);
            e.Property(l => l.Room).HasMaxLength(200);
            e.Property(l => l.CancellationNote).HasMaxLength(300);
            e.Property(l => l.Version).IsConcurrencyToken();
        });

        builder.Entity<Holiday>(e => e.Property(h => h.Name).HasMaxLength(200));

        builder.Entity<Material>(e =>
        {
            e.HasIndex(m => new { m.CourseId, m.LectureId, m.SortOrder });
            e.HasIndex(m => m.FileHash);
            e.Property(m => m.Title).HasMaxLength(300);
            e.Property(m => m.Url).HasMaxLength(2000);
            e.Property(m => m.FileName).HasMaxLength(255);
            e.Property(m => m.FileHash).HasMaxLength(64);
            e.Property(m => m.ContentType).HasMaxLength(100);
            e.Property(m => m.Version).IsConcurrencyToken();
            // Deleting a lecture keeps its materials as course-level ones rather than losing files.
            e.HasOne(m => m.Lecture).WithMany(l => l.Materials).HasForeignKey(m => m.LectureId).OnDelete(DeleteBehavior.SetNull);
        });

        builder.Entity<MaterialVersion>(e =>
        {
            e.HasIndex(v => v.FileHash);
            e.Property(v => v.FileHash).HasMaxLength(64);
            e.Property(v => v.FileName).HasMaxLength(255);
            e.Property(v => v.UploadedBy).HasMaxLength(200);
        });

        builder.Entity<Announcement>(e =>
        {
            e.HasIndex(a => new { a.CourseId, a.PublishAt });
            e.Property(a => a.Title).HasMaxLength(300);
            e.Property(a => a.Version).IsConcurrencyToken();
        });

        builder.Entity<CourseAssignment>(e =>
        {
            e.HasKey(a => new { a.CourseId, a.UserId });
            e.Property(a => a.Role).HasMaxLength(40);
        });

        builder.Entity<AuditEntry>(e =>
        {
            e.HasIndex(a => new { a.CourseId, a.At });
            e.Property(a => a.EntityType).HasMaxLength(60);
            e.Property(a => a.EntityId).HasMaxLength(64);
            e.Property(a => a.Action).HasMaxLength(20);
            e.Property(a => a.UserName).HasMaxLength(256);
        });

        builder.Entity<PortalUser>(e => e.Property(u => u.DisplayName).HasMaxLength(200));
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    private void StampVersions()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var entry in ChangeTracker.Entries<IVersioned>())
        {
            if (entry.State == EntityState.Added)
            {
                if (entry.Entity.CreatedAt == default)
                {
                    entry.Entity.CreatedAt = now;
                }

                entry.Entity.UpdatedAt = now;
                entry.Entity.Version = Guid.NewGuid();
            }
            else if (entry.State == EntityState.Modified)
            {
                entry.Entity.UpdatedAt = now;
                entry.Entity.Version = Guid.NewGuid();
            }
        }
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
