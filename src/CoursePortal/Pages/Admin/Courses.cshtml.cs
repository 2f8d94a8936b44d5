using System.ComponentModel.DataAnnotations;
using CoursePortal.Courses;
using CoursePortal.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Admin;

/// <summary>All courses of the portal, and the form that creates one.</summary>
public sealed class CoursesModel(PortalDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty]
    public CreateInput Input { get; set; } = new();

    public IReadOnlyList<Course> Courses { get; private set; } = [];

    public sealed class CreateInput
    {
        [Required, StringLength(CourseRules.SlugMaxLength), Display(Name = "Address name (slug)")]
        public string Slug { get; set; } = "";

        [Required, StringLength(CourseRules.CodeMaxLength), Display(Name = "Code")]
        public string Code { get; set; } = "";

        [Required, StringLength(CourseRules.TitleMaxLength), Display(Name = "Title")]
        public string Title { get; set; } = "";

        [Required, StringLength(CourseRules.TermNameMaxLength), Display(Name = "Term")]
        public string TermName { get; set; } = "";

        [Display(Name = "Term starts")]
        public DateOnly TermStart { get; set; }

        [Display(Name = "Term ends")]
        public DateOnly TermEnd { get; set; }

        [Required, Display(Name = "Time zone")]
        public string TimeZoneId { get; set; } = "America/New_York";
    }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // A new course's term starts today where it is taught, by the portal's clock.
        Input.TermStart = clock.Today(CourseClock.Zone(Input.TimeZoneId));
        Input.TermEnd = Input.TermStart.AddDays(100);
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Input.Slug = Input.Slug.Trim().ToLowerInvariant();
        AddProblem("Input.Slug", CourseRules.SlugProblem(Input.Slug));
        AddProblem("Input.TermEnd", CourseRules.TermProblem(Input.TermStart, Input.TermEnd));
        AddProblem("Input.TimeZoneId", CourseRules.TimeZoneProblem(Input.TimeZoneId));
        // Whatever else is wrong: a taken address name is reported with the other problems, not after they are fixed.
        if (ModelState.GetFieldValidationState("Input.Slug") != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid
            && await db.Courses.AnyAsync(c => c.Slug == Input.Slug, cancellationToken))
        {
            ModelState.AddModelError("Input.Slug", CourseRules.SlugTaken);
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        var course = new Course
        {
            Slug = Input.Slug,
            Code = Input.Code.Trim(),
            Title = Input.Title.Trim(),
            TermName = Input.TermName.Trim(),
            TermStart = Input.TermStart,
            TermEnd = Input.TermEnd,
            TimeZoneId = Input.TimeZoneId,
        };
        db.Courses.Add(course);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Flash"] = $"{course.Code} is created, unpublished. Fill in its details, then assign staff.";
        return RedirectToPage("/Staff/Courses/Info", new { courseId = course.Id });
    }

    private void AddProblem(string field, string? problem)
    {
        if (problem is not null)
        {
            ModelState.AddModelError(field, problem);
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Courses = await db.Courses.AsNoTracking().OrderByDescending(c => c.TermStart).ThenBy(c => c.Code).ToListAsync(cancellationToken);
}
