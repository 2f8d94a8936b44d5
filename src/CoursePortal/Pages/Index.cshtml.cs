using CoursePortal.Caching;
using CoursePortal.Courses;
using Microsoft.AspNetCore.OutputCaching;
using CoursePortal.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Pages;

/// <summary>The portal's front page: published courses, current terms first, past terms below.</summary>
[OutputCache(PolicyName = PublicCache.Policy)]
public sealed class IndexModel(CourseQueries queries, PublicCache cache) : PageModel
{
    public IReadOnlyList<Course> Current { get; private set; } = [];
    public IReadOnlyList<Course> Past { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var courses = await queries.ListPublishedAsync(cancellationToken);
        PublicCache.Tag(HttpContext, PublicCache.ListTag);
        cache.ExpireAt(PublicCache.ListTag, queries.ListNextChangeUtc(courses));
        Current = courses.Where(c => !queries.IsPast(c)).ToList();
        Past = courses.Where(queries.IsPast).ToList();
    }
}
