using CoursePortal.Caching;
using CoursePortal.Courses;
using Microsoft.AspNetCore.OutputCaching;
using CoursePortal.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Pages;

/// <summary>
/// The portal's front page: published courses, current terms first, past terms below; a GET form filters them by
/// term and department and finds them by code, title or staff name (the address carries the filter, so it can be shared).
/// </summary>
[OutputCache(PolicyName = PublicCache.Policy)]
public sealed class IndexModel(CourseQueries queries, PublicCache cache) : PageModel
{
    public IReadOnlyList<Course> Current { get; private set; } = [];
    public IReadOnlyList<Course> Past { get; private set; } = [];

    public CourseFilter Filter { get; private set; } = new(null, null, null);
    public IReadOnlyList<string> Terms { get; private set; } = [];
    public IReadOnlyList<Department> Departments { get; private set; } = [];

    public async Task OnGetAsync([FromQuery] string? term, [FromQuery] string? department, [FromQuery] string? q, CancellationToken cancellationToken)
    {
        Filter = CourseFilter.From(term, department, q);
        var courses = Filter.IsEmpty
            ? await queries.ListPublishedAsync(cancellationToken)
            : await queries.FindPublishedAsync(Filter, cancellationToken);
        (Terms, Departments) = await queries.FilterChoicesAsync(cancellationToken);
        PublicCache.Tag(HttpContext, PublicCache.ListTag);
        cache.ExpireAt(PublicCache.ListTag, queries.ListNextChangeUtc(courses));
        Current = courses.Where(c => !queries.IsPast(c)).ToList();
        Past = courses.Where(queries.IsPast).ToList();
    }
}
