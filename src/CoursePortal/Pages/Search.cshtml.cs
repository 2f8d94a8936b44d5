using CoursePortal.Search;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Pages;

/// <summary>Public search: lecture topics and notes, material titles, announcements; one course or all.</summary>
public sealed class SearchModel(SearchQueries search) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "course")]
    public string? Course { get; set; }

    public IReadOnlyList<SearchQueries.Hit> Hits { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (Query is { Length: > 200 })
        {
            Query = Query[..200];
        }

        Hits = await search.SearchAsync(Query, Course, cancellationToken);
    }
}
