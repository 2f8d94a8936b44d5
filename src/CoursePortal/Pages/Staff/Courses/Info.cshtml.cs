using System.ComponentModel.DataAnnotations;
using CoursePortal.Accounts;
using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Editing;
using CoursePortal.Markdown;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Staff.Courses;

/// <summary>Course information: title, term, time zone, meeting pattern, description, prerequisites, published.</summary>
public sealed class InfoModel(PortalDbContext db, CourseAccess access) : CoursePageModel(db)
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    /// <summary>The departments the user may put the course in; empty when they may not move it (it is shown, not offered).</summary>
    public IReadOnlyList<Department> DepartmentChoices { get; private set; } = [];

    /// <summary>The course's department as stored, for the read-only line.</summary>
    public Department? CurrentDepartment { get; private set; }

    public sealed class InputModel : MeetingFields
    {
        [Required, StringLength(CourseRules.CodeMaxLength), Display(Name = "Code")]
        public string Code { get; set; } = "";

        [Required, StringLength(CourseRules.TitleMaxLength), Display(Name = "Title")]
        public string Title { get; set; } = "";

        [Required, StringLength(CourseRules.TermNameMaxLength), Display(Name = "Term")]
        public string TermName { get; set; } = "";

        [Display(Name = "Term starts")]
        public DateOnly TermStart { get; set; }

        [Display(Name = "Term ends")]
        public DateOnly TermEnd { get; set; }

        [Required, Display(Name = "Time zone")]
        public string TimeZoneId { get; set; } = "";

        [StringLength(CourseRules.LocationMaxLength), Display(Name = "Lecture room")]
        public string? Location { get; set; }

        [StringLength(MarkdownRules.MaxLength), Display(Name = "Description"), Markdown]
        public string? DescriptionMarkdown { get; set; }

        [StringLength(MarkdownRules.MaxLength), Display(Name = "Prerequisites"), Markdown]
        public string? PrerequisitesMarkdown { get; set; }

        [Display(Name = "Department")]
        public int? DepartmentId { get; set; }

        [Display(Name = "Published: students can see this course")]
        public bool IsPublished { get; set; }

        public Guid Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int courseId, CancellationToken cancellationToken)
    {
        if (!await LoadCourseAsync(courseId, cancellationToken))
        {
            return NotFound();
        }

        var c = Course;
        Input = new InputModel
        {
            Code = c.Code, Title = c.Title, TermName = c.TermName, TermStart = c.TermStart, TermEnd = c.TermEnd,
            TimeZoneId = c.TimeZoneId, Location = c.Location, DescriptionMarkdown = c.DescriptionMarkdown,
            PrerequisitesMarkdown = c.PrerequisitesMarkdown, IsPublished = c.IsPublished, Version = c.Version,
            DepartmentId = c.DepartmentId,
        };
        await LoadDepartmentsAsync(cancellationToken);
        Input.CopyFrom(c);
        RememberOriginal(c);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int courseId, CancellationToken cancellationToken)
    {
        if (!await LoadCourseAsync(courseId, cancellationToken))
        {
            return NotFound();
        }

        AddProblem("Input.TermEnd", CourseRules.TermProblem(Input.TermStart, Input.TermEnd));
        AddProblem("Input.TimeZoneId", CourseRules.TimeZoneProblem(Input.TimeZoneId));
        AddProblem("Input.MeetingEnd", TimeRules.RangeProblem(Input.MeetingStart, Input.MeetingEnd));
        await LoadDepartmentsAsync(cancellationToken);
        // Terms are the admins' records: a course moves to one of them, a typed name makes none.
        if (!string.IsNullOrWhiteSpace(Input.TermName) && !Terms.Any(t => t.Name == Input.TermName))
        {
            ModelState.AddModelError("Input.TermName", NewCourse.NoSuchTerm);
        }
        if (Input.DepartmentId is { } departmentId && !await Db.Departments.AnyAsync(d => d.Id == departmentId, cancellationToken))
        {
            ModelState.AddModelError("Input.DepartmentId", "Choose a department from the list.");
        }
        else if (!await access.CanMoveAsync(User, Course.DepartmentId, Input.DepartmentId, cancellationToken))
        {
            ModelState.AddModelError("Input.DepartmentId", "Only the admin, or an admin of both departments, can move a course to another department.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var course = await Db.Courses.SingleAsync(c => c.Id == courseId, cancellationToken);
        course.Code = Input.Code.Trim();
        course.Title = Input.Title.Trim();
        course.TermName = Input.TermName;
        course.TermStart = Input.TermStart;
        course.TermEnd = Input.TermEnd;
        course.TimeZoneId = Input.TimeZoneId;
        course.Location = Input.Location?.Trim() ?? "";
        course.MeetingDays = Input.Days;
        course.MeetingStart = Input.MeetingStart;
        course.MeetingEnd = Input.MeetingEnd;
        course.DescriptionMarkdown = Input.DescriptionMarkdown ?? "";
        course.PrerequisitesMarkdown = Input.PrerequisitesMarkdown ?? "";
        course.IsPublished = Input.IsPublished;
        course.DepartmentId = Input.DepartmentId;

        return await SaveAsync(course, Input.Version, "course", cancellationToken)
            ? Saved("Course information saved.", "/Staff/Courses/Info")
            : Page();
    }

    /// <summary>The terms the course can move to.</summary>
    public IReadOnlyList<Term> Terms { get; private set; } = [];

    private async Task LoadDepartmentsAsync(CancellationToken cancellationToken)
    {
        Terms = await NewCourse.TermsAsync(Db, cancellationToken);
        CurrentDepartment = Course.DepartmentId is { } id ? await Db.Departments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken) : null;
        var managed = await access.ManagedDepartments(User).AsNoTracking().OrderBy(d => d.Code).ToListAsync(cancellationToken);
        // A department admin may move the course only among departments they manage, and only if they manage its own.
        DepartmentChoices = User.IsInRole(StaffRoles.Admin) || (managed.Count > 0 && (CurrentDepartment is null || managed.Any(d => d.Id == CurrentDepartment.Id)))
            ? managed : [];
    }

    protected override void SetFormVersion(Guid version) => Input.Version = version;
}
