using CoursePortal.Courses;
using CoursePortal.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Pages.Courses;

/// <summary>
/// A course code's address across terms: <c>/c/cos-324</c> leads to the current offering (else the next one), so a
/// link in a syllabus or the registrar's catalogue never goes stale; <c>/c/cos-324/offerings</c> lists every
/// published offering, each at its own address.
/// </summary>
public sealed class OfferingsModel(CourseQueries queries) : PageModel
{
    public string Code { get; private set; } = "";

    public IReadOnlyList<Course> Offerings { get; private set; } = [];

    public Course? Current { get; private set; }

    public bool IsPast(Course course) => queries.IsPast(course);

    public async Task<IActionResult> OnGetAsync(string code, string? list, CancellationToken cancellationToken)
    {
        var key = CourseRules.CodeKey(code);
        Offerings = await queries.OfferingsAsync(key, cancellationToken);
        if (Offerings.Count == 0)
        {
            return NotFound();
        }

        Current = queries.CurrentOffering(Offerings);
        // Spelled as the offering it leads to, else as the newest.
        Code = (Current ?? Offerings[0]).Code;
        if (list is null && Current is { } current)
        {
            // Where the code leads changes with the terms: a temporary redirect, kept by no cache.
            Response.Headers.CacheControl = "no-cache";
            return Redirect("~/" + current.Slug);
        }

        if (list is null && key != code)
        {
            return RedirectPermanent($"~/c/{key}");
        }

        return Page();
    }
}
