using System.ComponentModel.DataAnnotations;
using CoursePortal.Data;
using CoursePortal.Editing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Staff.Courses.People;

/// <summary>
/// Adds, edits or removes a person on the course page; may link them to one of the course's staff
/// accounts. Who is listed as the course's staff is the Instructors' call, so this page is not a TA page.
/// </summary>
public sealed class EditModel(PortalDbContext db) : CoursePageModel(db)
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool IsNew { get; private set; }

    public IReadOnlyList<PortalUser> Accounts { get; private set; } = [];

    public sealed class InputModel
    {
        [Required, StringLength(200), Display(Name = "Name")]
        public string Name { get; set; } = "";

        [Required, StringLength(60), Display(Name = "Role")]
        public string Role { get; set; } = "Teaching assistant";

        [EmailAddress, StringLength(254), Display(Name = "Email")]
        public string? Email { get; set; }

        [Range(0, 1000), Display(Name = "Position in the list")]
        public int SortOrder { get; set; }

        [Display(Name = "Linked account")]
        public string? UserId { get; set; }

        public Guid Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int courseId, int? id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(courseId, id, cancellationToken))
        {
            return NotFound();
        }

        if (id is not null)
        {
            var s = await Db.StaffMembers.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id && x.CourseId == courseId, cancellationToken);
            if (s is null)
            {
                return NotFound();
            }

            Input = new InputModel { Name = s.Name, Role = s.Role, Email = s.Email, SortOrder = s.SortOrder, UserId = s.UserId, Version = s.Version };
            RememberOriginal(s);
        }
        else
        {
            Input.SortOrder = await Db.StaffMembers.Where(s => s.CourseId == courseId).Select(s => (int?)s.SortOrder).MaxAsync(cancellationToken) + 1 ?? 0;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int courseId, int? id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(courseId, id, cancellationToken))
        {
            return NotFound();
        }

        if (!string.IsNullOrEmpty(Input.UserId) && Accounts.All(a => a.Id != Input.UserId))
        {
            ModelState.AddModelError("Input.UserId", "Choose one of the course's staff accounts.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var member = id is null ? null : await Db.StaffMembers.SingleOrDefaultAsync(x => x.Id == id && x.CourseId == courseId, cancellationToken);
        if (id is { } gone && member is null)
        {
            return await DeletedMeanwhileAsync<StaffMember>(gone, "person", cancellationToken);
        }

        if (member is null)
        {
            member = new StaffMember { CourseId = courseId, Name = "", Role = "" };
            Db.StaffMembers.Add(member);
        }

        member.Name = Input.Name.Trim();
        member.Role = Input.Role.Trim();
        member.Email = Input.Email?.Trim() ?? "";
        member.SortOrder = Input.SortOrder;
        member.UserId = string.IsNullOrEmpty(Input.UserId) ? null : Input.UserId;

        return await SaveAsync(member, Input.Version, "person", cancellationToken)
            ? Saved($"Saved {member.Name}.", "/Staff/Courses/People/Index")
            : Page();
    }

    public Task<IActionResult> OnPostDeleteAsync(int courseId, int id, CancellationToken cancellationToken) =>
        DeleteAsync<StaffMember>(courseId, id, m => $"Removed {m.Name} and their office hours from the course page.", "Index", cancellationToken);

    protected override void SetFormVersion(Guid version) => Input.Version = version;

    private async Task<bool> LoadAsync(int courseId, int? id, CancellationToken cancellationToken)
    {
        IsNew = id is null;
        if (!await LoadCourseAsync(courseId, cancellationToken))
        {
            return false;
        }

        Accounts = await Db.CourseAssignments.AsNoTracking().Where(a => a.CourseId == courseId)
            .Select(a => a.User!).OrderBy(u => u.DisplayName).ToListAsync(cancellationToken);
        return true;
    }
}
