using System.ComponentModel.DataAnnotations;
using CoursePortal.Data;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Courses;

/// <summary>
/// Creating a course from the form, the one way both the admin (Admin → Courses) and a department admin
/// (Manage → Courses) do it: the fields, their defaults, every check, and the new row.
/// </summary>
public static class NewCourse
{
    public sealed class Input
    {
        [Required, StringLength(CourseRules.SlugMaxLength), Display(Name = "Address name (slug)")]
        public string Slug { get; set; } = "";

        [Required, StringLength(CourseRules.CodeMaxLength), Display(Name = "Code")]
        public string Code { get; set; } = "";

        [Required, StringLength(CourseRules.TitleMaxLength), Display(Name = "Title")]
        public string Title { get; set; } = "";

        [Required, StringLength(CourseRules.TermNameMaxLength), Display(Name = "Term")]
        public string TermName { get; set; } = "";

        /// <summary>Empty: the term's first day.</summary>
        [Display(Name = "Term starts")]
        public DateOnly? TermStart { get; set; }

        /// <summary>Empty: the term's last day.</summary>
        [Display(Name = "Term ends")]
        public DateOnly? TermEnd { get; set; }

        [Required, Display(Name = "Time zone")]
        public string TimeZoneId { get; set; } = "America/New_York";

        [Display(Name = "Department")]
        public int? DepartmentId { get; set; }
    }

    /// <summary>What the shared form partial shows: the fields, and the departments the user may choose from.</summary>
    public sealed record Form(Input Input, IReadOnlyList<Department> Departments, bool DepartmentRequired, IReadOnlyList<Term> Terms);

    /// <summary>The terms a new course can belong to, newest first; admins make them under Admin → Terms.</summary>
    public static Task<List<Term>> TermsAsync(PortalDbContext db, CancellationToken cancellationToken) =>
        db.Terms.AsNoTracking().OrderByDescending(t => t.StartDate).ThenBy(t => t.Name).ToListAsync(cancellationToken);

    /// <summary>The term under way or next where the course is taught, by the portal's clock; its dates are the course's unless changed.</summary>
    public static void SetDefaults(Input input, TimeProvider clock, IReadOnlyList<Term> terms)
    {
        var today = clock.Today(CourseClock.Zone(input.TimeZoneId));
        input.TermName = terms.Where(t => t.EndDate >= today).OrderBy(t => t.StartDate).Select(t => t.Name).FirstOrDefault() ?? "";
    }

    public const string NoSuchTerm = "Choose a term from the list; admins make new terms under Admin → Terms.";

    /// <summary>
    /// Adds to <paramref name="state"/> (fields under <paramref name="prefix"/>) every problem of the input:
    /// all at once, a taken slug included; the department must be one of <paramref name="departments"/>.
    /// </summary>
    public static async Task CheckAsync(PortalDbContext db, Input input, ModelStateDictionary state, string prefix,
        IQueryable<Department> departments, bool departmentRequired, CancellationToken cancellationToken)
    {
        input.Slug = input.Slug.Trim().ToLowerInvariant();
        Add(state, $"{prefix}.Slug", CourseRules.SlugProblem(input.Slug));
        var term = await db.Terms.AsNoTracking().FirstOrDefaultAsync(t => t.Name == input.TermName, cancellationToken);
        if (term is null && !string.IsNullOrWhiteSpace(input.TermName))
        {
            state.AddModelError($"{prefix}.TermName", NoSuchTerm);
        }

        // Dates left empty are the term's.
        input.TermStart ??= term?.StartDate;
        input.TermEnd ??= term?.EndDate;
        if (input.TermStart is { } start && input.TermEnd is { } end)
        {
            Add(state, $"{prefix}.TermEnd", CourseRules.TermProblem(start, end));
        }
        Add(state, $"{prefix}.TimeZoneId", CourseRules.TimeZoneProblem(input.TimeZoneId));
        if (input.DepartmentId is { } departmentId)
        {
            if (!await departments.AnyAsync(d => d.Id == departmentId, cancellationToken))
            {
                state.AddModelError($"{prefix}.DepartmentId", "Choose a department from the list.");
            }
        }
        else if (departmentRequired)
        {
            state.AddModelError($"{prefix}.DepartmentId", "Choose the course's department.");
        }

        if (state.GetFieldValidationState($"{prefix}.Slug") != ModelValidationState.Invalid
            && await db.Courses.AnyAsync(c => c.Slug == input.Slug, cancellationToken))
        {
            state.AddModelError($"{prefix}.Slug", CourseRules.SlugTaken);
        }
    }

    /// <summary>The course the checked input describes (dates filled in by <see cref="CheckAsync"/>), unpublished, ready to add.</summary>
    public static Course Create(Input input) => new()
    {
        Slug = input.Slug,
        Code = input.Code.Trim(),
        Title = input.Title.Trim(),
        TermName = input.TermName,
        TermStart = input.TermStart!.Value,
        TermEnd = input.TermEnd!.Value,
        TimeZoneId = input.TimeZoneId,
        DepartmentId = input.DepartmentId,
    };

    public const string CreatedMessage = "is created, unpublished. Fill in its details, then assign staff.";

    private static void Add(ModelStateDictionary state, string field, string? problem)
    {
        if (problem is not null)
        {
            state.AddModelError(field, problem);
        }
    }
}
