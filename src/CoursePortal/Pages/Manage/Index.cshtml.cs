using CoursePortal.Accounts;
using CoursePortal.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Manage;

/// <summary>The departments the user manages, and their courses by term (newest term first).</summary>
public sealed class IndexModel(CourseAccess access) : PageModel
{
    public sealed record DepartmentRow(Department Department, IReadOnlyList<IGrouping<string, Course>> Terms);

    public IReadOnlyList<DepartmentRow> Departments { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var departments = await access.ManagedDepartments(User).AsNoTracking().OrderBy(d => d.Code).ToListAsync(cancellationToken);
        var ids = departments.Select(d => d.Id).ToList();
        var courses = await access.ManagedCourses(User).AsNoTracking()
            .Where(c => c.DepartmentId != null && ids.Contains(c.DepartmentId.Value))
            .ToListAsync(cancellationToken);
        Departments = departments.Select(d => new DepartmentRow(d, courses.Where(c => c.DepartmentId == d.Id)
            .OrderByDescending(c => c.TermStart).ThenBy(c => c.Code, StringComparer.OrdinalIgnoreCase)
            .GroupBy(c => c.TermName).ToList())).ToList();
    }
}
