using CoursePortal.Courses;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Pages.Courses;

/// <summary>A course's public page: what students open, often on a phone.</summary>
public sealed class CourseModel(CourseQueries queries) : PageModel
{
    public CoursePage Data { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        var page = await queries.GetPublicPageAsync(slug, cancellationToken);
        if (page is null)
        {
            return NotFound();
        }

        Data = page;
        return Page();
    }
}
