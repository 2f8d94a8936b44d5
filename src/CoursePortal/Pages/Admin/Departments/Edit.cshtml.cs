using System.ComponentModel.DataAnnotations;
using CoursePortal.Data;
using CoursePortal.Departments;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Admin.Departments;

/// <summary>One department: rename it, delete it while no course uses it, and choose its admins.</summary>
public sealed class EditModel(PortalDbContext db, UserManager<PortalUser> users, TimeProvider clock) : PageModel
{
    public Department Department { get; private set; } = null!;
    public int CourseCount { get; private set; }
    public IReadOnlyList<DepartmentAdmin> Admins { get; private set; } = [];

    [BindProperty, Display(Name = "Name")]
    public string? Name { get; set; }

    [BindProperty]
    public Guid Version { get; set; }

    [BindProperty, Display(Name = "Email of the account")]
    public string? AdminEmail { get; set; }

    public async Task<IActionResult> OnGetAsync(int departmentId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(departmentId, cancellationToken))
        {
            return NotFound();
        }

        Name = Department.Name;
        Version = Department.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostRenameAsync(int departmentId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(departmentId, cancellationToken))
        {
            return NotFound();
        }

        var name = Name?.Trim() ?? "";
        if (DepartmentRules.NameProblem(name) is { } problem)
        {
            ModelState.AddModelError(nameof(Name), problem);
            return Page();
        }

        var department = await db.Departments.SingleAsync(d => d.Id == departmentId, cancellationToken);
        department.Name = name;
        db.Entry(department).Property(d => d.Version).OriginalValue = Version;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            await LoadAsync(departmentId, cancellationToken);
            ModelState.AddModelError(string.Empty, "Someone else changed this department since you opened the page; its current name is shown. Save again to replace it.");
            Version = Department.Version;
            return Page();
        }

        TempData["Flash"] = $"{department.Code} is renamed {name}.";
        return RedirectToPage(new { departmentId });
    }

    public async Task<IActionResult> OnPostDeleteAsync(int departmentId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(departmentId, cancellationToken))
        {
            return NotFound();
        }

        if (CourseCount > 0)
        {
            ModelState.AddModelError(string.Empty, $"{Department.Code} has {CourseCount} course(s); move them to another department first, then delete it.");
            Name = Department.Name;
            Version = Department.Version;
            return Page();
        }

        var department = await db.Departments.Include(d => d.Admins).SingleAsync(d => d.Id == departmentId, cancellationToken);
        db.DepartmentAdmins.RemoveRange(department.Admins);
        db.Departments.Remove(department);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Flash"] = $"The department {department.Code} is deleted.";
        return RedirectToPage("Index");
    }

    public async Task<IActionResult> OnPostAddAdminAsync(int departmentId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(departmentId, cancellationToken))
        {
            return NotFound();
        }

        Name = Department.Name;
        Version = Department.Version;
        var email = AdminEmail?.Trim() ?? "";
        var user = email.Length is 0 or > 256 ? null : await users.FindByEmailAsync(email);
        if (email.Length == 0)
        {
            ModelState.AddModelError(nameof(AdminEmail), "Give the e-mail address of the account to make an admin of this department.");
        }
        else if (email.Length > 256)
        {
            ModelState.AddModelError(nameof(AdminEmail), "Use at most 256 characters: an e-mail address.");
        }
        else if (user is null)
        {
            ModelState.AddModelError(nameof(AdminEmail), $"No account has the address {email}. Invite the person from Accounts first, then make them an admin here.");
        }
        else if (user.IsDisabled)
        {
            ModelState.AddModelError(nameof(AdminEmail), $"The account {email} is disabled; enable it first.");
        }
        else if (Admins.Any(a => a.UserId == user.Id))
        {
            ModelState.AddModelError(nameof(AdminEmail), $"{email} is an admin of {Department.Code} already.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        db.DepartmentAdmins.Add(new DepartmentAdmin { DepartmentId = departmentId, UserId = user!.Id, CreatedAt = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(cancellationToken);
        TempData["Flash"] = $"{email} is now an admin of {Department.Code}.";
        return RedirectToPage(new { departmentId });
    }

    public async Task<IActionResult> OnPostRemoveAdminAsync(int departmentId, string userId, CancellationToken cancellationToken)
    {
        var admin = await db.DepartmentAdmins.Include(a => a.User).SingleOrDefaultAsync(a => a.DepartmentId == departmentId && a.UserId == userId, cancellationToken);
        if (admin is null)
        {
            return NotFound();
        }

        db.DepartmentAdmins.Remove(admin);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Flash"] = $"{admin.User?.Email} is no longer an admin of this department.";
        return RedirectToPage(new { departmentId });
    }

    private async Task<bool> LoadAsync(int departmentId, CancellationToken cancellationToken)
    {
        var department = await db.Departments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == departmentId, cancellationToken);
        if (department is null)
        {
            return false;
        }

        Department = department;
        CourseCount = await db.Courses.CountAsync(c => c.DepartmentId == departmentId, cancellationToken);
        Admins = await db.DepartmentAdmins.AsNoTracking().Include(a => a.User)
            .Where(a => a.DepartmentId == departmentId).OrderBy(a => a.User!.DisplayName).ToListAsync(cancellationToken);
        return true;
    }
}
