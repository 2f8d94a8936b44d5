using System.ComponentModel.DataAnnotations;
using CoursePortal.Archive;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Pages.Admin;

/// <summary>Imports a course export (from this or another portal) as a new course.</summary>
[RequestSizeLimit(MaxBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxBytes)]
public sealed class ImportModel(CourseExport export) : PageModel
{
    /// <summary>A whole course with its PDFs can be large.</summary>
    public const long MaxBytes = 4L * 1024 * 1024 * 1024;

    [BindProperty, Display(Name = "Export file (.zip)")]
    public IFormFile? Archive { get; set; }

    [BindProperty, StringLength(CoursePortal.Courses.CourseRules.SlugMaxLength), Display(Name = "Address name (slug)")]
    public string? Slug { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Archive is null || Archive.Length == 0)
        {
            ModelState.AddModelError(nameof(Archive), "Choose an export file (.zip).");
            return Page();
        }

        try
        {
            await using var stream = Archive.OpenReadStream();
            var course = await export.ImportAsync(stream, Slug, cancellationToken);
            TempData["Flash"] = $"Imported {course.Code} {course.TermName} as /{course.Slug}. Assign its staff under Courses → Staff access.";
            return RedirectToPage("/Staff/Courses/Info", new { courseId = course.Id });
        }
        catch (ImportException e)
        {
            ModelState.AddModelError(nameof(Archive), e.Message);
            return Page();
        }
    }
}
