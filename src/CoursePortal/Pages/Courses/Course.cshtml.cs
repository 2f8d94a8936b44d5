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
        View = new CourseView(page, LiveLinks(this, page), Schedule.Window(page));
        return Page();
    }

    /// <summary>The links of the live course pages: the portal's own addresses under its path base.</summary>
    public static CourseLinks LiveLinks(PageModel model, CoursePage page)
    {
        var url = model.Url;
        // The calendar's absolute address, for pasting into a calendar app; webcal: opens it as a subscription.
        var calendar = $"{Api.CourseApi.SiteRoot(model.Request)}{page.Course.Slug}/calendar.ics";
        return new CourseLinks(
            m => m.IsExternal ? m.Href : url.Content("~/" + m.Href),
            "webcal" + calendar[calendar.IndexOf(':', StringComparison.Ordinal)..],
            url.Content($"~/{page.Course.Slug}/calendar.ics?download=true"),
            url.Content($"~/{page.Course.Slug}/feed.atom"),
            calendar,
            url.Content("~/search"),
            url.Content($"~/{page.Course.Slug}/schedule"),
            CoursePage: url.Content($"~/{page.Course.Slug}"));
    }
}
