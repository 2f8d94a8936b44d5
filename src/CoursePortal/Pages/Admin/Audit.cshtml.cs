using CoursePortal.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Admin;

/// <summary>The whole portal's audit log, newest first.</summary>
public sealed class AuditModel(PortalDbContext db, Microsoft.Extensions.Options.IOptions<Hosting.PortalOptions> portal) : PageModel
{
    /// <summary>Portal-wide times are shown in the portal's zone.</summary>
    public TimeZoneInfo Zone { get; } = portal.Value.PortalZone();

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public Dictionary<int, string> CourseNames { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Entries = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Id).Take(500).ToListAsync(cancellationToken);
        CourseNames = await db.Courses.AsNoTracking().ToDictionaryAsync(c => c.Id, c => $"{c.Code} {c.TermName}", cancellationToken);
    }
}
