using CoursePortal.Accounts;
using CoursePortal.Courses;
using CoursePortal.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Manage;

/// <summary>The courses of the departments the user manages, and the form that creates one in such a department.</summary>
public sealed class CoursesModel(PortalDbContext db, CourseAccess access, TimeProvider clock) : PageModel
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
        if (Departments is [var only])
        {
            Input.DepartmentId = only.Id;
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // A department the user does not manage is refused like one that does not exist: a tampered id learns nothing.
        await NewCourse.CheckAsync(db, Input, ModelState, nameof(Input), access.ManagedDepartments(User), departmentRequired: true, cancellationToken);
        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        var course = NewCourse.Create(Input);
        db.Courses.Add(course);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Flash"] = $"{course.Code} {NewCourse.CreatedMessage}";
        return RedirectToPage("/Manage/Access", new { courseId = course.Id });
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Terms = await NewCourse.TermsAsync(db, cancellationToken);
        Departments = await access.ManagedDepartments(User).AsNoTracking().OrderBy(d => d.Code).ToListAsync(cancellationToken);
        Courses = await access.ManagedCourses(User).AsNoTracking().Include(c => c.Department)
            .OrderByDescending(c => c.TermStart).ThenBy(c => c.Code).ToListAsync(cancellationToken);
    }
}
