using CoursePortal.Accounts;
using CoursePortal.Audit;
using CoursePortal.Caching;
using CoursePortal.Courses;
using CoursePortal.Materials;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Data;

/// <summary>The portal's one database: courses, their content, accounts and the audit log.</summary>
/// <remarks>
/// Every save stamps versions and timestamps, and, when a signed-in user makes it, writes the audit log in the same transaction.
/// One model, one subclass per provider (<see cref="SqlitePortalDbContext"/>, <see cref="PostgresPortalDbContext"/>) so
/// that each has its own migrations, as EF Core's "Migrations with Multiple Providers" describes; everything else
/// injects this type. A model change needs a migration for both:
/// <c>dotnet ef migrations add Name --project src/CoursePortal --context SqlitePortalDbContext --output-dir Data/Migrations/Sqlite</c>,
/// then the same with <c>--context PostgresPortalDbContext --output-dir Data/Migrations/PostgreSQL</c>
/// (a test fails while either is missing).
/// </remarks>
public abstract class PortalDbContext(DbContextOptions options, TimeProvider clock, CurrentActor? actor, PublicCache? cache)
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
    public DbSet<AccountToken> AccountTokens => Set<AccountToken>();
    public DbSet<CourseworkItem> CourseworkItems => Set<CourseworkItem>();
    public DbSet<Section> Sections => Set<Section>();
    public DbSet<ScheduleUndo> ScheduleUndos => Set<ScheduleUndo>();
    public DbSet<Term> Terms => Set<Term>();
    public DbSet<TermHoliday> TermHolidays => Set<TermHoliday>();
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<DepartmentAdmin> DepartmentAdmins => Set<DepartmentAdmin>();
    public DbSet<ProvisioningRun> ProvisioningRuns => Set<ProvisioningRun>();

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
            e.Property(c => c.Slug).HasMaxLength(CourseRules.SlugMaxLength);
            e.Property(c => c.Code).HasMaxLength(CourseRules.CodeMaxLength);
            e.Property(c => c.Title).HasMaxLength(CourseRules.TitleMaxLength);
            e.Property(c => c.TermName).HasMaxLength(CourseRules.TermNameMaxLength);
            e.Property(c => c.TimeZoneId).HasMaxLength(64);
            e.Property(c => c.Location).HasMaxLength(CourseRules.LocationMaxLength);
            e.Property(c => c.Version).IsConcurrencyToken();
            e.HasIndex(c => new { c.TermName, c.Code });
            // A course names its term as the registrar does; a term with courses cannot be deleted.
            e.HasOne(c => c.Term).WithMany().HasForeignKey(c => c.TermName).HasPrincipalKey(t => t.Name).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(c => c.Department).WithMany().HasForeignKey(c => c.DepartmentId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Course>().WithMany().HasForeignKey(c => c.CopiedFromId).OnDelete(DeleteBehavior.SetNull);
        });

        builder.Entity<Term>(e =>
        {
            e.HasAlternateKey(t => t.Name);
            e.Property(t => t.Name).HasMaxLength(CourseRules.TermNameMaxLength);
            e.Property(t => t.Version).IsConcurrencyToken();
        });

        builder.Entity<TermHoliday>(e =>
        {
            e.Property(h => h.Name).HasMaxLength(Holiday.NameMaxLength);
            e.HasOne(h => h.Term).WithMany(t => t.Holidays).HasForeignKey(h => h.TermId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<Department>(e =>
        {
            e.HasIndex(d => d.Code).IsUnique();
            e.Property(d => d.Code).HasMaxLength(Department.CodeMaxLength);
            e.Property(d => d.Name).HasMaxLength(Department.NameMaxLength);
            e.Property(d => d.Version).IsConcurrencyToken();
        });

        builder.Entity<DepartmentAdmin>(e =>
        {
            e.HasKey(a => new { a.DepartmentId, a.UserId });
            e.HasOne(a => a.Department).WithMany(d => d.Admins).HasForeignKey(a => a.DepartmentId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(a => a.User).WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<ProvisioningRun>(e =>
        {
            e.HasIndex(r => r.Key).IsUnique();
            e.HasIndex(r => r.State);
            e.Property(r => r.FileName).HasMaxLength(255);
            e.Property(r => r.RequestedById).HasMaxLength(450);
            e.Property(r => r.RequestedByName).HasMaxLength(256);
            e.Property(r => r.Problem).HasMaxLength(2000);
            // The result is saved only under the claim that ran it (Provisioning.RegistrarRuns).
            e.Property(r => r.Claim).IsConcurrencyToken();
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

        builder.Entity<ScheduleUndo>(e =>
        {
            e.HasIndex(u => u.CourseId).IsUnique();
            e.Property(u => u.Description).HasMaxLength(ScheduleUndo.DescriptionMaxLength);
            e.Property(u => u.UserName).HasMaxLength(256);
            e.HasOne<Course>().WithMany().HasForeignKey(u => u.CourseId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<Holiday>(e =>
        {
            e.Property(h => h.Name).HasMaxLength(Holiday.NameMaxLength);
            e.Ignore(h => h.TermHolidayId);
        });

        builder.Entity<CourseworkItem>(e =>
        {
            e.HasIndex(i => new { i.CourseId, i.Date, i.Position });
            e.Property(i => i.Kind).HasMaxLength(CourseworkItem.KindMaxLength);
            e.Property(i => i.Title).HasMaxLength(CourseworkItem.TitleMaxLength);
            e.Property(i => i.Room).HasMaxLength(CourseworkItem.RoomMaxLength);
            e.Property(i => i.PreviousRoom).HasMaxLength(CourseworkItem.RoomMaxLength);
            e.Property(i => i.Version).IsConcurrencyToken();
            e.HasOne(i => i.Course).WithMany().HasForeignKey(i => i.CourseId).OnDelete(DeleteBehavior.Cascade);
            // Deleting a lecture keeps its coursework, no longer tied to a class day.
            e.HasOne(i => i.Lecture).WithMany().HasForeignKey(i => i.LectureId).OnDelete(DeleteBehavior.SetNull);
        });

        builder.Entity<Section>(e =>
        {
            e.HasIndex(x => x.CourseId);
            e.Property(x => x.Name).HasMaxLength(Section.NameMaxLength);
            e.Property(x => x.Room).HasMaxLength(Section.RoomMaxLength);
            e.Property(x => x.Note).HasMaxLength(Section.NoteMaxLength);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne(x => x.Course).WithMany().HasForeignKey(x => x.CourseId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<SectionLeader>(e =>
        {
            e.HasKey(l => new { l.SectionId, l.StaffMemberId });
            e.HasOne(l => l.Section).WithMany(x => x.Leaders).HasForeignKey(l => l.SectionId).OnDelete(DeleteBehavior.Cascade);
            // A staff member's removal ends their leading, not the section. (Restrict would block it; cascade on this side is safe:
            // both sides belong to one course.)
            e.HasOne(l => l.StaffMember).WithMany().HasForeignKey(l => l.StaffMemberId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<Material>(e =>
        {
            e.HasIndex(m => new { m.CourseId, m.LectureId, m.SortOrder });
            e.HasIndex(m => m.FileHash);
            e.Property(m => m.Title).HasMaxLength(MaterialRules.TitleMaxLength);
            e.Property(m => m.Url).HasMaxLength(MaterialRules.UrlMaxLength);
            e.Property(m => m.FileName).HasMaxLength(255);
            e.Property(m => m.FileHash).HasMaxLength(64);
            e.Property(m => m.ContentType).HasMaxLength(100);
            e.Property(m => m.Version).IsConcurrencyToken();
            // Deleting a lecture keeps its materials as course-level ones rather than losing files.
            e.HasOne(m => m.Lecture).WithMany(l => l.Materials).HasForeignKey(m => m.LectureId).OnDelete(DeleteBehavior.SetNull);
            // Deleting a coursework item keeps its files too; the staff page turns them into drafts first, so nothing
            // released with the item (solutions, say) becomes public on its own.
            e.HasOne(m => m.CourseworkItem).WithMany(i => i.Materials).HasForeignKey(m => m.CourseworkItemId).OnDelete(DeleteBehavior.SetNull);
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

        builder.Entity<PortalUser>(e =>
        {
            e.Property(u => u.DisplayName).HasMaxLength(200);
            e.Property(u => u.AdminGrantedBy).HasMaxLength(40);
        });

        builder.Entity<AccountToken>(e =>
        {
            e.HasIndex(t => t.TokenHash).IsUnique();
            e.Property(t => t.TokenHash).HasMaxLength(64);
            e.Property(t => t.Email).HasMaxLength(256);
            e.Property(t => t.CourseRole).HasMaxLength(40);
            e.HasOne(t => t.Course).WithMany().HasForeignKey(t => t.CourseId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (cache is null)
        {
            return await SaveAuditedAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        // The next public request after any edit shows it: evict the cached pages of the courses touched.
        var changed = ChangedCourses.Capture(ChangeTracker);
        var addedCourses = ChangeTracker.Entries<Course>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        var count = await SaveAuditedAsync(acceptAllChangesOnSuccess, cancellationToken);
        await cache.EvictAsync(await ChangedCourses.TagsAsync(this, changed, addedCourses, cancellationToken), cancellationToken);
        return count;
    }

    private async Task<int> SaveAuditedAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        await global::CoursePortal.Terms.NamedTerms.AddMissingAsync(this, cancellationToken);
        StoredRules.Check(ChangeTracker);
        var now = StampVersions();
        var userId = actor?.UserId;
        var pending = userId is null ? [] : AuditRecorder.Capture(ChangeTracker);
        if (pending.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        // The change and its audit entries commit together or not at all.
        var transaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        await using (transaction)
        {
            var count = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            AuditEntries.AddRange(await AuditRecorder.CompleteAsync(pending, this, userId, actor!.Name, now, cancellationToken));
            await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }

            return count;
        }
    }

    /// <summary>
    /// Saves the tracked rows exactly as they are: no version or time stamps, rule check, audit entry or cache
    /// eviction. Only for copying rows verbatim into a new database (<see cref="Moving.PortalMove"/>), where
    /// restamping would change every Version token and UpdatedAt time the rows had.
    /// </summary>
    internal Task<int> SaveVerbatimAsync(CancellationToken cancellationToken) =>
        base.SaveChangesAsync(acceptAllChangesOnSuccess: true, cancellationToken);

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync: saves write the audit log asynchronously.");

    private DateTime StampVersions()
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
                // Calendar clients replace an event only when its SEQUENCE rises.
                switch (entry.Entity)
                {
                    case Lecture lecture:
                        lecture.Sequence++;
                        break;
                    case OfficeHour hour:
                        hour.Sequence++;
                        break;
                    case Section section:
                        section.Sequence++;
                        break;
                }
            }
        }

        return now;
    }
}
