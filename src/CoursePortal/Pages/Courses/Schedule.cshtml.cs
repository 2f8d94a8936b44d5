using CoursePortal.Caching;
using CoursePortal.Courses;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace CoursePortal.Pages.Courses;

/// <summary>A course's whole schedule on one page; the course page shows a long one only around the next lecture.</summary>
[OutputCache(PolicyName = PublicCache.Policy)]
public sealed class ScheduleModel(CourseQueries queries, PublicCache cache) : PageModel
{
    public CourseView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        var page = await queries.GetPublicPageAsync(slug, cancellationToken);
        if (page is null)
        {
            return NotFound();
        }

        cache.CacheCourse(HttpContext, page);
        View = new CourseView(page, CourseModel.LiveLinks(this, page));
        return Page();
    }
}
