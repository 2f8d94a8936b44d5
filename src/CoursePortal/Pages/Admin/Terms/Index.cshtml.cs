using System.ComponentModel.DataAnnotations;
using CoursePortal.Courses;
using CoursePortal.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Admin.Terms;

/// <summary>The university's terms (dates, holidays, how many courses use each), and the form that creates one.</summary>
public sealed class IndexModel(PortalDbContext db) : PageModel
{
    public sealed record Row(int Id, string Name, DateOnly StartDate, DateOnly EndDate, int Courses, IReadOnlyList<string> Holidays);

    public IReadOnlyList<Row> Terms { get; private set; } = [];

    [BindProperty]
    public CreateInput Input { get; set; } = new();

    public sealed class CreateInput
    {
        [Required, StringLength(CourseRules.TermNameMaxLength), Display(Name = "Name")]
        public string Name { get; set; } = "";

        [Required, Display(Name = "First day")]
        public DateOnly? StartDate { get; set; }

        [Required, Display(Name = "Last day")]
        public DateOnly? EndDate { get; set; }
    }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Input.Name = Input.Name.Trim();
        if (Input.StartDate is { } start && Input.EndDate is { } end && CourseRules.TermProblem(start, end) is { } problem)
        {
            ModelState.AddModelError("Input.EndDate", problem);
        }

        if (Input.Name.Length > 0 && await db.Terms.AnyAsync(t => t.Name == Input.Name, cancellationToken))
        {
            ModelState.AddModelError("Input.Name", $"A term named “{Input.Name}” exists already; choose another name.");
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        var term = new Term { Name = Input.Name, StartDate = Input.StartDate!.Value, EndDate = Input.EndDate!.Value };
        db.Terms.Add(term);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Flash"] = $"{term.Name} is created. Add its holidays here; its courses will all skip them.";
        return RedirectToPage("Edit", new { id = term.Id });
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var terms = await db.Terms.AsNoTracking().Include(t => t.Holidays).OrderByDescending(t => t.StartDate).ThenBy(t => t.Name).ToListAsync(cancellationToken);
        var counts = await db.Courses.GroupBy(c => c.TermName).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        Terms = terms.Select(t => new Row(t.Id, t.Name, t.StartDate, t.EndDate, counts.GetValueOrDefault(t.Name),
            t.Holidays.OrderBy(h => h.StartDate).Select(h => h.Name).ToList())).ToList();
    }
}
