using System.ComponentModel.DataAnnotations;
using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Editing;
using CoursePortal.Terms;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Staff.Courses.Holidays;

/// <summary>Days without lectures (breaks, holidays), shown as dated rows in the schedule.</summary>
public sealed class IndexModel(PortalDbContext db) : CoursePageModel(db)
{
    public IReadOnlyList<Holiday> Holidays { get; private set; } = [];

    /// <summary>The term's holidays, which the admins set for every course of the term; shown, not edited, here.</summary>
    public IReadOnlyList<Holiday> TermHolidays { get; private set; } = [];

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

        if (Input.StartDate is { } start && Input.EndDate is { } end && CourseRules.HolidayProblem(start, end) is { } problem)
        {
            ModelState.AddModelError("Input.EndDate", problem);
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

        var all = await CourseHolidays.ForCourseAsync(Db, courseId, cancellationToken);
        Holidays = all.Where(h => !h.IsTerms).ToList();
        TermHolidays = all.Where(h => h.IsTerms).ToList();
        return true;
    }
}
