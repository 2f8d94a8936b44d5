using System.ComponentModel.DataAnnotations;
using CoursePortal.Data;
using CoursePortal.Departments;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Admin.Departments;

/// <summary>Every department with its courses and admins, and the form that creates one.</summary>
public sealed class IndexModel(PortalDbContext db) : PageModel
{
    public sealed record Row(Department Department, int Courses, IReadOnlyList<string> Admins);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    [BindProperty]
    public CreateInput Input { get; set; } = new();

    public sealed class CreateInput
    {
        [Display(Name = "Code")]
        public string? Code { get; set; }

        [Display(Name = "Name")]
        public string? Name { get; set; }
    }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var code = DepartmentRules.NormalizeCode(Input.Code);
        var name = Input.Name?.Trim() ?? "";
        Add("Input.Code", DepartmentRules.CodeProblem(code));
        Add("Input.Name", DepartmentRules.NameProblem(name));
        if (ModelState.GetFieldValidationState("Input.Code") != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid
            && await db.Departments.AnyAsync(d => d.Code == code, cancellationToken))
        {
            ModelState.AddModelError("Input.Code", DepartmentRules.CodeTaken);
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        var department = new Department { Code = code, Name = name };
        db.Departments.Add(department);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Flash"] = $"The department {code} is created. Make someone its admin here.";
        return RedirectToPage("Edit", new { departmentId = department.Id });
    }

    private void Add(string field, string? problem)
    {
        if (problem is not null)
        {
            ModelState.AddModelError(field, problem);
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.Code).ToListAsync(cancellationToken);
        var counts = await db.Courses.AsNoTracking().Where(c => c.DepartmentId != null)
            .GroupBy(c => c.DepartmentId!.Value).Select(g => new { Id = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var admins = await db.DepartmentAdmins.AsNoTracking().Select(a => new { a.DepartmentId, a.User!.DisplayName, a.User.Email }).ToListAsync(cancellationToken);
        Rows = departments.Select(d => new Row(
            d,
            counts.SingleOrDefault(c => c.Id == d.Id)?.Count ?? 0,
            admins.Where(a => a.DepartmentId == d.Id).Select(a => $"{a.DisplayName} ({a.Email})").Order(StringComparer.OrdinalIgnoreCase).ToList())).ToList();
    }
}
