using CoursePortal.Caching;
using CoursePortal.Courses;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Pages.Courses;

/// <summary>A course's public page: what students open, often on a phone.</summary>
[OutputCache(PolicyName = PublicCache.Policy)]
public sealed class CourseModel(CourseQueries queries, PublicCache cache) : PageModel
{
    public CoursePage Data { get; private set; } = null!;

    public CourseView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        var page = await queries.GetPublicPageAsync(slug, cancellationToken);
        if (page is null)
        {
            return NotFound();
        }

        Data = page;
        cache.CacheCourse(HttpContext, page);
        // The calendar's absolute address, for pasting into a calendar app; webcal: opens it as a subscription.
        var calendar = $"{Api.CourseApi.SiteRoot(Request)}{page.Course.Slug}/calendar.ics";
        View = new CourseView(page, new CourseLinks(
            m => m.IsExternal ? m.Href : Url.Content("~/" + m.Href),
            "webcal" + calendar[calendar.IndexOf(':', StringComparison.Ordinal)..],
            Url.Content($"~/{page.Course.Slug}/calendar.ics?download=true"),
            Url.Content($"~/{page.Course.Slug}/feed.atom"),
            calendar,
            Url.Content("~/search")));
        return Page();
    }
}
