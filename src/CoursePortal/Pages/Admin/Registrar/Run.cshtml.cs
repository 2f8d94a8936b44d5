using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CoursePortal.Data;
using CoursePortal.Provisioning;
using CsvHelper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Admin.Registrar;

/// <summary>One registrar import: its progress while it runs, then every row's outcome and the invitations it made.</summary>
public sealed class RunModel(PortalDbContext db, IDataProtectionProvider protection, Microsoft.Extensions.Options.IOptions<Hosting.PortalOptions> portal) : PageModel
{
    /// <summary>Portal-wide times are shown in the portal's zone.</summary>
    public TimeZoneInfo Zone { get; } = portal.Value.PortalZone();

    public ProvisioningRun? Run { get; private set; }
    public RegistrarResult Result { get; private set; } = new([], null);
    public int InvitationCount { get; private set; }

    /// <summary>Without a key: the latest runs, newest first.</summary>
    public IReadOnlyList<ProvisioningRun> Recent { get; private set; } = [];

    public bool IsFinished => Run?.State is ProvisioningState.Done or ProvisioningState.Failed;

    public async Task<IActionResult> OnGetAsync(Guid? key, CancellationToken cancellationToken)
    {
        if (key is null)
        {
            Recent = await db.ProvisioningRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(20)
                .Select(r => new ProvisioningRun
                {
                    Key = r.Key, FileName = r.FileName, Content = Array.Empty<byte>(), RequestedById = r.RequestedById, RequestedByName = r.RequestedByName,
                    CreatedAt = r.CreatedAt, State = r.State, TotalRows = r.TotalRows, Created = r.Created, Updated = r.Updated, Unchanged = r.Unchanged, Failed = r.Failed,
                }).ToListAsync(cancellationToken);
            return Page();
        }

        if (await FindAsync(key.Value, cancellationToken) is not { } run)
        {
            return NotFound();
        }

        Run = run;
        Result = RegistrarResult.Parse(run.ResultJson);
        InvitationCount = Invitations().Count;
        return Page();
    }

    /// <summary>The progress, for the page's script.</summary>
    public async Task<IActionResult> OnGetStatusAsync(Guid key, CancellationToken cancellationToken)
    {
        var status = await db.ProvisioningRuns.AsNoTracking().Where(r => r.Key == key)
            .Select(r => new { state = r.State.ToString().ToLowerInvariant(), total = r.TotalRows, done = r.DoneRows }).SingleOrDefaultAsync(cancellationToken);
        return status is null ? NotFound() : new JsonResult(status);
    }

    /// <summary>The invitations the run made as CSV: name, e-mail, course, role, link and expiry.</summary>
    public async Task<IActionResult> OnGetInvitationsAsync(Guid key, CancellationToken cancellationToken)
    {
        if (await FindAsync(key, cancellationToken) is not { } run)
        {
            return NotFound();
        }

        Run = run;
        Result = RegistrarResult.Parse(run.ResultJson);
        var root = Api.CourseApi.SiteRoot(Request);
        var text = new StringWriter();
        await using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture, leaveOpen: true))
        {
            foreach (var header in new[] { "Name", "E-mail", "Course", "Role", "Invitation link", "Expires (UTC)" })
            {
                csv.WriteField(header);
            }

            await csv.NextRecordAsync();
            foreach (var i in Invitations())
            {
                foreach (var value in new[] { i.Name, i.Email, i.Course, i.Role, root + i.Path, i.ExpiresAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) })
                {
                    csv.WriteField(SpreadsheetSafe(value));
                }

                await csv.NextRecordAsync();
            }
        }

        Response.Headers.CacheControl = "no-store";
        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray(), "text/csv; charset=utf-8", "invitations.csv");
    }

    private List<RegistrarInvitation> Invitations()
    {
        if (Result.ProtectedInvitations is not { } sealedLinks)
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<RegistrarInvitation>>(protection.CreateProtector(RegistrarResult.InvitationPurpose).Unprotect(sealedLinks)) ?? [];
        }
        catch (CryptographicException)
        {
            // The key ring the links were sealed with is gone: the invitations exist, their links cannot be shown again.
            return [];
        }
    }

    private static string SpreadsheetSafe(string value) =>
        value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal) ? "'" + value : value;

    private Task<ProvisioningRun?> FindAsync(Guid key, CancellationToken cancellationToken) =>
        db.ProvisioningRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Key == key, cancellationToken);
}
