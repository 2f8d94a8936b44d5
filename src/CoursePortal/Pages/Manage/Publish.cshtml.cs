using System.ComponentModel.DataAnnotations;
using CoursePortal.Accounts;
using CoursePortal.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Manage;

/// <summary>The unpublished courses of a term the user manages, published together in one save.</summary>
public sealed class PublishModel(PortalDbContext db, CourseAccess access) : PageModel
{
    [BindProperty(SupportsGet = true), Display(Name = "Term")]
    public string? Term { get; set; }

    [BindProperty, Display(Name = "Courses")]
    public List<int> Selected { get; set; } = [];

    /// <summary>The version of each listed course as the list showed it, so a course changed since is not published unseen.</summary>
    [BindProperty]
    public Dictionary<int, Guid> Versions { get; set; } = [];

    public IReadOnlyList<string> Terms { get; private set; } = [];

    public IReadOnlyList<Course> Unpublished { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Term is null)
        {
            ModelState.AddModelError(nameof(Term), "Choose the term whose courses to publish.");
        }
        else if (Selected.Count == 0)
        {
            ModelState.AddModelError(nameof(Selected), "Tick at least one course to publish.");
        }
        else if (Selected.Any(id => Unpublished.All(c => c.Id != id)))
        {
            ModelState.AddModelError(nameof(Selected), $"Some of the ticked courses are not unpublished courses of {Term} you manage; nothing was published.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var courses = await access.ManagedCourses(User).Where(c => Selected.Contains(c.Id)).ToListAsync(cancellationToken);
        foreach (var course in courses)
        {
            // The version the list was shown with: a course saved by someone since then refuses the whole save.
            db.Entry(course).Property(c => c.Version).OriginalValue = Versions.GetValueOrDefault(course.Id);
            course.IsPublished = true;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException conflict)
        {
            db.ChangeTracker.Clear();
            var changed = conflict.Entries.Select(e => e.Entity).OfType<Course>().Select(c => $"{c.Code} {c.Title}");
            ModelState.AddModelError(nameof(Selected),
                $"Someone saved {string.Join(", ", changed)} after this list was shown, so nothing was published. Look at the list again and publish.");
            await LoadAsync(cancellationToken);
            return Page();
        }

        TempData["Flash"] = $"Published {courses.Count} courses of {Term}.";
        return RedirectToPage(new { Term });
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var managed = access.ManagedCourses(User).AsNoTracking();
        Terms = await managed.Select(c => c.TermName).Distinct().OrderBy(t => t).ToListAsync(cancellationToken);
        Unpublished = Term is null ? [] : await managed.Where(c => c.TermName == Term && !c.IsPublished)
            .OrderBy(c => c.Code).ThenBy(c => c.Slug).ToListAsync(cancellationToken);
    }
}
