using CoursePortal.Courses;
using CoursePortal.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Pages;

/// <summary>The portal's front page: published courses, current terms first, past terms below.</summary>
public sealed class IndexModel(CourseQueries queries) : PageModel
{
    public IReadOnlyList<Course> Current { get; private set; } = [];
    public IReadOnlyList<Course> Past { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var courses = await queries.ListPublishedAsync(cancellationToken);
        Current = courses.Where(c => !queries.IsPast(c)).ToList();
        Past = courses.Where(queries.IsPast).ToList();
    }
}
