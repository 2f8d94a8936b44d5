using System.ComponentModel.DataAnnotations;
using CoursePortal.Accounts;
using CoursePortal.Data;
using CoursePortal.Terms;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Manage;

/// <summary>
/// Rolls the chosen courses of one term into another: "Preview" shows what each copy gets, "Roll over" makes them
/// (see <see cref="Rollover"/>) and shows the result. Only courses the user manages are listed or copied.
/// </summary>
public sealed class RolloverModel(PortalDbContext db, CourseAccess access, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true), Display(Name = "From term")]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true), Display(Name = "To term")]
    public string? To { get; set; }

    [BindProperty, Display(Name = "Courses")]
    public List<int> Selected { get; set; } = [];

    public IReadOnlyList<Term> Terms { get; private set; } = [];

    /// <summary>The courses of <see cref="From"/> the user manages.</summary>
    public IReadOnlyList<Course> Candidates { get; private set; } = [];

    public IReadOnlyList<Rollover.Preview>? Previews { get; private set; }

    public IReadOnlyList<Rollover.Outcome>? Outcomes { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Selected = Candidates.Select(c => c.Id).ToList();
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken)
    {
        if (await ValidateAsync(cancellationToken) is { } target)
        {
            Previews = await Rollover.PreviewAsync(db, Chosen(), target, clock.GetUtcNow().UtcDateTime, cancellationToken);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync(CancellationToken cancellationToken)
    {
        if (await ValidateAsync(cancellationToken) is { } target)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var previews = await Rollover.PreviewAsync(db, Chosen(), target, now, cancellationToken);
            Outcomes = await Rollover.ApplyAsync(db, previews, target, now, cancellationToken);
        }

        return Page();
    }

    private List<Course> Chosen() => Candidates.Where(c => Selected.Contains(c.Id)).ToList();

    /// <summary>The target term when the form makes sense; else null, with every problem in the model state.</summary>
    private async Task<Term?> ValidateAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Terms.All(t => t.Name != From))
        {
            ModelState.AddModelError(nameof(From), "Choose the term to roll over from.");
        }

        var target = Terms.FirstOrDefault(t => t.Name == To);
        if (target is null)
        {
            ModelState.AddModelError(nameof(To), "Choose the term to roll over to.");
        }
        else if (To == From)
        {
            ModelState.AddModelError(nameof(To), "Choose a term other than the one the courses are in.");
        }

        if (Selected.Count == 0)
        {
            ModelState.AddModelError(nameof(Selected), "Tick at least one course to roll over.");
        }
        else if (Selected.Any(id => Candidates.All(c => c.Id != id)))
        {
            // A course id not on the list: another term's, or a department the user does not manage.
            ModelState.AddModelError(nameof(Selected), $"Some of the ticked courses are not courses of {From} you manage; nothing was rolled over.");
        }

        return ModelState.IsValid ? target : null;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Terms = await db.Terms.AsNoTracking().Include(t => t.Holidays).OrderByDescending(t => t.StartDate).ToListAsync(cancellationToken);
        Candidates = From is null ? [] : await access.ManagedCourses(User).AsNoTracking()
            .Where(c => c.TermName == From)
            .OrderBy(c => c.Code).ThenBy(c => c.Slug)
            .ToListAsync(cancellationToken);
    }
}
