using System.ComponentModel.DataAnnotations;
using System.Text;
using CoursePortal.Accounts;
using CoursePortal.Data;
using CoursePortal.Provisioning;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Admin.Registrar;

/// <summary>The registrar's course file: upload → preview of every row → apply in the background; the template and the export.</summary>
[RequestSizeLimit(MaxBytes * 2 + 64 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxBytes * 2 + 64 * 1024, ValueLengthLimit = (int)(MaxBytes * 4 / 3 + 1024))]
public sealed class IndexModel(PortalDbContext db, RegistrarImport import, RegistrarWakeup wakeup, CurrentActor actor, TimeProvider clock) : PageModel
{
    /// <summary>A term of thousands of sections is a few hundred kilobytes; ten megabytes is a wrong file.</summary>
    public const long MaxBytes = 10 * 1024 * 1024;

    [BindProperty, Display(Name = "Registrar file (.csv)")]
    public IFormFile? Upload { get; set; }

    /// <summary>The previewed file, carried to the apply form so what is applied is what was previewed.</summary>
    [BindProperty]
    public string? FileContent { get; set; }

    [BindProperty]
    public string? FileName { get; set; }

    public RegistrarPlan? Plan { get; private set; }
    public string? FileProblem { get; private set; }
    public IReadOnlyList<string> TermNames { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), "Choose the registrar's file (.csv) to upload.");
            return Page();
        }

        if (Upload.Length > MaxBytes)
        {
            ModelState.AddModelError(nameof(Upload), $"The file is larger than {MaxBytes / 1024 / 1024} MB; split it by term or department.");
            return Page();
        }

        using var buffer = new MemoryStream();
        await using (var stream = Upload.OpenReadStream())
        {
            await stream.CopyToAsync(buffer, cancellationToken);
        }

        var bytes = buffer.ToArray();
        var read = RegistrarFile.Read(new MemoryStream(bytes));
        if (read.FileProblem is { } problem)
        {
            FileProblem = problem;
            ModelState.AddModelError(nameof(Upload), problem);
            return Page();
        }

        Plan = await import.PreviewAsync(read, cancellationToken);
        FileContent = Convert.ToBase64String(bytes);
        FileName = Path.GetFileName(Upload.FileName);
        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync(CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(FileContent ?? "");
        }
        catch (FormatException)
        {
            bytes = [];
        }

        var read = bytes.Length == 0 ? null : RegistrarFile.Read(new MemoryStream(bytes));
        if (read is null || read.FileProblem is not null)
        {
            await LoadAsync(cancellationToken);
            ModelState.AddModelError(nameof(Upload), "The previewed file did not come with the form; upload it again.");
            return Page();
        }

        var plan = await import.PreviewAsync(read, cancellationToken);
        if (plan.HasErrors || !plan.ChangesAnything)
        {
            await LoadAsync(cancellationToken);
            Plan = plan;
            return Page();
        }

        var name = string.IsNullOrWhiteSpace(FileName) ? "registrar.csv" : Path.GetFileName(FileName.Trim());
        var run = new ProvisioningRun
        {
            Key = Guid.NewGuid(),
            State = ProvisioningState.Queued,
            FileName = name.Length > 255 ? name[..255] : name,
            Content = bytes,
            RequestedById = actor.UserId!,
            RequestedByName = actor.Name,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            TotalRows = read.Lines.Count,
        };
        db.ProvisioningRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        wakeup.Wake();
        return RedirectToPage("Run", new { key = run.Key });
    }

    public IActionResult OnGetTemplate() =>
        File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(RegistrarFile.Template.ReplaceLineEndings("\r\n"))).ToArray(), "text/csv; charset=utf-8", "registrar-template.csv");

    public async Task<IActionResult> OnGetExportAsync(string? term, CancellationToken cancellationToken)
    {
        var rows = await import.ExportAsync(string.IsNullOrEmpty(term) ? null : term, cancellationToken);
        var text = new StringWriter();
        RegistrarFile.Write(text, rows);
        var name = string.IsNullOrEmpty(term) ? "courses.csv" : $"courses-{RegistrarImport.SlugFor("", term, [])}.csv";
        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray(), "text/csv; charset=utf-8", name);
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        TermNames = await db.Terms.AsNoTracking().OrderByDescending(t => t.StartDate).Select(t => t.Name).ToListAsync(cancellationToken);
}
