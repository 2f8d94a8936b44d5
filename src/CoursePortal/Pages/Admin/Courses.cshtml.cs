using CoursePortal.Courses;
using CoursePortal.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Admin;

/// <summary>All courses of the portal, and the form that creates one (in any department, or none).</summary>
public sealed class CoursesModel(PortalDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty]
    public NewCourse.Input Input { get; set; } = new();

    public IReadOnlyList<Course> Courses { get; private set; } = [];
    public IReadOnlyList<Department> Departments { get; private set; } = [];
    public IReadOnlyList<Term> Terms { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        NewCourse.SetDefaults(Input, clock, Terms);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await NewCourse.CheckAsync(db, Input, ModelState, nameof(Input), db.Departments, departmentRequired: false, cancellationToken);
        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        var course = NewCourse.Create(Input);
        db.Courses.Add(course);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Flash"] = $"{course.Code} {NewCourse.CreatedMessage}";
        return RedirectToPage("/Staff/Courses/Info", new { courseId = course.Id });
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Terms = await NewCourse.TermsAsync(db, cancellationToken);
        Courses = await db.Courses.AsNoTracking().Include(c => c.Department)
            .OrderByDescending(c => c.TermStart).ThenBy(c => c.Code).ToListAsync(cancellationToken);
        Departments = await db.Departments.AsNoTracking().OrderBy(d => d.Code).ToListAsync(cancellationToken);
    }
}
