using System.ComponentModel.DataAnnotations;
using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Terms;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Admin.Terms;

/// <summary>
/// One term: its dates, and its holidays, each change previewed course by course before it is saved; deleting a term
/// no course uses. The name is the term's key and stays.
/// </summary>
public sealed class EditModel(PortalDbContext db) : PageModel
{
    public Term Term { get; private set; } = null!;

    public IReadOnlyList<(int Id, string Code, string Title)> Courses { get; private set; } = [];

    /// <summary>Set after "Preview": what the holiday change does to each course; "Save" applies it.</summary>
    public IReadOnlyList<TermHolidayPreview.CourseEffect>? Preview { get; private set; }

    [BindProperty]
    public DatesInput Dates { get; set; } = new();

    [BindProperty]
    public HolidayInput Holiday { get; set; } = new();

    public sealed class DatesInput
    {
        [Required, Display(Name = "First day")]
        public DateOnly? StartDate { get; set; }

        [Required, Display(Name = "Last day")]
        public DateOnly? EndDate { get; set; }

        public Guid Version { get; set; }
    }

    /// <summary>A holiday to add (no id), change, or remove (<see cref="Remove"/>).</summary>
    public sealed class HolidayInput
    {
        public int? HolidayId { get; set; }

        public bool Remove { get; set; }

        [StringLength(CoursePortal.Data.Holiday.NameMaxLength), Display(Name = "Holiday name")]
        public string? Name { get; set; }

        [Display(Name = "Holiday's first day")]
        public DateOnly? StartDate { get; set; }

        [Display(Name = "Holiday's last day (if more than one)")]
        public DateOnly? EndDate { get; set; }

        public Guid Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int id, int? holidayId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (holidayId is { } chosen && Term.Holidays.FirstOrDefault(h => h.Id == chosen) is { } holiday)
        {
            Holiday = new HolidayInput { HolidayId = holiday.Id, Name = holiday.Name, StartDate = holiday.StartDate, EndDate = holiday.EndDate, Version = Term.Version };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostDatesAsync(int id, CancellationToken cancellationToken)
    {
        OnlyForm(nameof(Dates));
        if (!await LoadAsync(id, cancellationToken, tracked: true))
        {
            return NotFound();
        }

        if (Dates.StartDate is { } start && Dates.EndDate is { } end && CourseRules.TermProblem(start, end) is { } problem)
        {
            ModelState.AddModelError("Dates.EndDate", problem);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        Term.StartDate = Dates.StartDate!.Value;
        Term.EndDate = Dates.EndDate!.Value;
        return await SaveAsync(Dates.Version, $"{Term.Name}'s dates are saved.", cancellationToken) ?? Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (!CheckHoliday())
        {
            return Page();
        }

        Preview = await TermHolidayPreview.ForAsync(db, Term, Proposed(), cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken, tracked: true))
        {
            return NotFound();
        }

        if (!CheckHoliday())
        {
            return Page();
        }

        var name = Holiday.Name?.Trim() ?? "";
        string flash;
        if (Holiday.HolidayId is { } holidayId)
        {
            var holiday = Term.Holidays.Single(h => h.Id == holidayId);
            if (Holiday.Remove)
            {
                db.TermHolidays.Remove(holiday);
                flash = $"Removed {holiday.Name} from {Term.Name}.";
            }
            else
            {
                holiday.Name = name;
                holiday.StartDate = Holiday.StartDate!.Value;
                holiday.EndDate = Holiday.EndDate ?? Holiday.StartDate.Value;
                flash = $"Saved {name} for {Term.Name}.";
            }
        }
        else
        {
            Term.Holidays.Add(new TermHoliday { Name = name, StartDate = Holiday.StartDate!.Value, EndDate = Holiday.EndDate ?? Holiday.StartDate.Value });
            flash = $"Added {name} to {Term.Name}: every course of the term skips it.";
        }

        // The term's version covers its holidays: a change to them is a change to the term, checked and stamped as one.
        db.Entry(Term).Property(t => t.UpdatedAt).IsModified = true;
        return await SaveAsync(Holiday.Version, flash, cancellationToken) ?? Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken, tracked: true))
        {
            return NotFound();
        }

        OnlyForm("Delete");
        if (Courses.Count > 0)
        {
            ModelState.AddModelError(string.Empty,
                $"{Term.Name} cannot be deleted: {Courses.Count} {(Courses.Count == 1 ? "course uses" : "courses use")} it ({string.Join(", ", Courses.Take(5).Select(c => c.Code))}{(Courses.Count > 5 ? ", …" : "")}). Move them to another term or delete them first.");
            return Page();
        }

        db.Terms.Remove(Term);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Flash"] = $"Deleted the term {Term.Name}.";
        return RedirectToPage("Index");
    }

    /// <summary>The term's holidays as they would be after the change in <see cref="Holiday"/>.</summary>
    private List<TermHoliday> Proposed()
    {
        var kept = Term.Holidays.Where(h => h.Id != Holiday.HolidayId).ToList();
        if (!Holiday.Remove)
        {
            kept.Add(new TermHoliday { Id = Holiday.HolidayId ?? 0, TermId = Term.Id, Name = Holiday.Name!.Trim(), StartDate = Holiday.StartDate!.Value, EndDate = Holiday.EndDate ?? Holiday.StartDate!.Value });
        }

        return kept;
    }

    /// <summary>Whether the holiday change can be previewed or saved; adds a message next to each field that is wrong.</summary>
    private bool CheckHoliday()
    {
        OnlyForm(nameof(Holiday));
        if (Holiday.HolidayId is { } holidayId && Term.Holidays.All(h => h.Id != holidayId))
        {
            ModelState.AddModelError(string.Empty, "That holiday is no longer part of the term (someone removed it); nothing was changed.");
            return false;
        }

        if (!Holiday.Remove)
        {
            if (string.IsNullOrWhiteSpace(Holiday.Name))
            {
                ModelState.AddModelError("Holiday.Name", "Give the holiday a name, such as Thanksgiving recess.");
            }

            if (Holiday.StartDate is null)
            {
                ModelState.AddModelError("Holiday.StartDate", "Give the holiday's first day.");
            }
            else if (CourseRules.HolidayProblem(Holiday.StartDate.Value, Holiday.EndDate ?? Holiday.StartDate.Value) is { } problem)
            {
                ModelState.AddModelError("Holiday.EndDate", problem);
            }
        }

        return ModelState.IsValid;
    }

    /// <summary>
    /// Each form of the page posts only its own fields; what the binder made of the others (the other form's required
    /// dates) is not this post's problem. Also sets the other form back to the stored term.
    /// </summary>
    private void OnlyForm(string prefix)
    {
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith(prefix + ".", StringComparison.Ordinal)).ToList())
        {
            ModelState.Remove(key);
        }

        if (prefix != nameof(Dates))
        {
            Dates = new DatesInput { StartDate = Term.StartDate, EndDate = Term.EndDate, Version = Term.Version };
        }
    }

    /// <summary>Saves the term's change, refused when the term changed since <paramref name="version"/>; null when it was not saved.</summary>
    private async Task<IActionResult?> SaveAsync(Guid version, string flash, CancellationToken cancellationToken)
    {
        db.Entry(Term).Property(t => t.Version).OriginalValue = version;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (StoredRuleException refused)
        {
            refused.Problems.ToList().ForEach(p => ModelState.AddModelError(string.Empty, p));
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            await LoadAsync(Term.Id, cancellationToken);
            ModelState.AddModelError(string.Empty,
                $"Someone else changed {Term.Name} while you were working on it, so nothing was saved. The page now shows the term as it is; check it and make your change again.");
            ModelState.Remove("Dates.Version");
            ModelState.Remove("Holiday.Version");
            Dates = new DatesInput { StartDate = Term.StartDate, EndDate = Term.EndDate, Version = Term.Version };
            Holiday.Version = Term.Version;
            return null;
        }

        TempData["Flash"] = flash;
        return RedirectToPage("Edit", new { id = Term.Id });
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken, bool tracked = false)
    {
        var terms = db.Terms.Include(t => t.Holidays);
        var term = await (tracked ? terms : terms.AsNoTracking()).FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (term is null)
        {
            return false;
        }

        Term = term;
        Courses = (await db.Courses.AsNoTracking().Where(c => c.TermName == term.Name).OrderBy(c => c.Code)
            .Select(c => new { c.Id, c.Code, c.Title }).ToListAsync(cancellationToken)).Select(c => (c.Id, c.Code, c.Title)).ToList();
        if (Request.Method == HttpMethods.Get)
        {
            Dates = new DatesInput { StartDate = term.StartDate, EndDate = term.EndDate, Version = term.Version };
        }

        if (Holiday.Version == Guid.Empty)
        {
            Holiday.Version = term.Version;
        }

        return true;
    }
}
