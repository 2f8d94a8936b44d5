using CoursePortal.Courses;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Pages.Courses;

/// <summary>A course's public page: what students open, often on a phone.</summary>
public sealed class CourseModel(CourseQueries queries) : PageModel
{
    public CoursePage Data { get; private set; } = null!;

    /// <summary>The calendar's absolute address, for pasting into a calendar app.</summary>
    public string CalendarUrl => $"{Api.CourseApi.SiteRoot(Request)}{Data.Course.Slug}/calendar.ics";

    /// <summary>The same address with the webcal scheme, which calendar apps open as a subscription.</summary>
    public string WebcalUrl => "webcal" + CalendarUrl[CalendarUrl.IndexOf(':', StringComparison.Ordinal)..];

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
