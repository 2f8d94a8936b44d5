using System.ComponentModel.DataAnnotations;
using CoursePortal.Data;
using CoursePortal.Editing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Staff.Courses.Holidays;

/// <summary>Days without lectures (breaks, holidays), shown as dated rows in the schedule.</summary>
public sealed class IndexModel(PortalDbContext db) : CoursePageModel(db)
{
    public IReadOnlyList<Holiday> Holidays { get; private set; } = [];

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required, StringLength(200), Display(Name = "Name")]
        public string Name { get; set; } = "";

        [Required, Display(Name = "First day")]
        public DateOnly? StartDate { get; set; }

        [Display(Name = "Last day (if more than one)")]
        public DateOnly? EndDate { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int courseId, CancellationToken cancellationToken) =>
        await LoadAsync(courseId, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int courseId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(courseId, cancellationToken))
        {
            return NotFound();
        }

        if (Input.StartDate is { } start && Input.EndDate is { } end && end < start)
        {
            ModelState.AddModelError("Input.EndDate", "The last day cannot be before the first.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        Db.Holidays.Add(new Holiday
        {
            CourseId = courseId,
            Name = Input.Name.Trim(),
            StartDate = Input.StartDate!.Value,
            EndDate = Input.EndDate ?? Input.StartDate.Value,
        });
        await Db.SaveChangesAsync(cancellationToken);
        return Saved($"Added {Input.Name.Trim()}.", "/Staff/Courses/Holidays/Index");
    }

    public Task<IActionResult> OnPostDeleteAsync(int courseId, int id, CancellationToken cancellationToken) =>
        DeleteAsync<Holiday>(courseId, id, h => $"Removed {h.Name}.", cancellationToken);

    private async Task<bool> LoadAsync(int courseId, CancellationToken cancellationToken)
    {
        if (!await LoadCourseAsync(courseId, cancellationToken))
        {
            return false;
        }

        Holidays = await Db.Holidays.AsNoTracking().Where(h => h.CourseId == courseId).OrderBy(h => h.StartDate).ToListAsync(cancellationToken);
        return true;
    }
}
