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

        [Display(Name = "Term starts")]
        public DateOnly TermStart { get; set; }

        [Display(Name = "Term ends")]
        public DateOnly TermEnd { get; set; }

        [Required, Display(Name = "Time zone")]
        public string TimeZoneId { get; set; } = "America/New_York";

        [Display(Name = "Department")]
        public int? DepartmentId { get; set; }
    }

    /// <summary>What the shared form partial shows: the fields, and the departments the user may choose from.</summary>
    public sealed record Form(Input Input, IReadOnlyList<Department> Departments, bool DepartmentRequired);

    /// <summary>A new course's term starts today where it is taught, by the portal's clock, and runs 100 days.</summary>
    public static void SetDefaults(Input input, TimeProvider clock)
    {
        input.TermStart = clock.Today(CourseClock.Zone(input.TimeZoneId));
        input.TermEnd = input.TermStart.AddDays(100);
    }

    /// <summary>
    /// Adds to <paramref name="state"/> (fields under <paramref name="prefix"/>) every problem of the input:
    /// all at once, a taken slug included; the department must be one of <paramref name="departments"/>.
    /// </summary>
    public static async Task CheckAsync(PortalDbContext db, Input input, ModelStateDictionary state, string prefix,
        IQueryable<Department> departments, bool departmentRequired, CancellationToken cancellationToken)
    {
        input.Slug = input.Slug.Trim().ToLowerInvariant();
        Add(state, $"{prefix}.Slug", CourseRules.SlugProblem(input.Slug));
        Add(state, $"{prefix}.TermEnd", CourseRules.TermProblem(input.TermStart, input.TermEnd));
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

    /// <summary>The course the checked input describes, unpublished, ready to add.</summary>
    public static Course Create(Input input) => new()
    {
        Slug = input.Slug,
        Code = input.Code.Trim(),
        Title = input.Title.Trim(),
        TermName = input.TermName.Trim(),
        TermStart = input.TermStart,
        TermEnd = input.TermEnd,
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
