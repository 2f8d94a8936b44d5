using System.ComponentModel.DataAnnotations;
using System.Globalization;
using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Editing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Staff.Courses;

/// <summary>
/// Copies the course into a new term. "Preview" lists every move and what does not fit; "Copy"
/// does it. The old term is not touched; the new one starts unpublished.
/// </summary>
public sealed class CopyModel(PortalDbContext db, TimeProvider clock) : CoursePageModel(db)
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public TermCopy.Plan? Plan { get; private set; }

    /// <summary>The terms a copy can go to.</summary>
    public IReadOnlyList<Term> Terms { get; private set; } = [];

    public sealed class InputModel : MeetingFields
    {
        [Required, StringLength(CourseRules.SlugMaxLength), Display(Name = "Address name (slug) of the new term")]
        public string Slug { get; set; } = "";

        [Required, StringLength(CourseRules.TermNameMaxLength), Display(Name = "Term")]
        public string TermName { get; set; } = "";

        /// <summary>Empty: the term's first day.</summary>
        [Display(Name = "Term starts")]
        public DateOnly? TermStart { get; set; }

        /// <summary>Empty: the term's last day.</summary>
        [Display(Name = "Term ends")]
        public DateOnly? TermEnd { get; set; }

        [StringLength(4000), Display(Name = "The course's own holidays, one per line")]
        public string? Holidays { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int courseId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(courseId, cancellationToken))
        {
            return NotFound();
        }

        Input.CopyFrom(Course);
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(int courseId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(courseId, cancellationToken))
        {
            return NotFound();
        }

        var (holidays, source) = await ValidateAsync(cancellationToken);
        if (ModelState.IsValid)
        {
            Plan = MakePlan(source, holidays);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostCopyAsync(int courseId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(courseId, cancellationToken))
        {
            return NotFound();
        }

        var (holidays, source) = await ValidateAsync(cancellationToken);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var plan = MakePlan(source, holidays);
        var access = await Db.CourseAssignments.AsNoTracking().Where(a => a.CourseId == courseId).ToListAsync(cancellationToken);
        var target = TermCopy.Target(source.Course, Input.Slug, Input.TermName, Input.TermStart!.Value, Input.TermEnd!.Value);
        (target.MeetingDays, target.MeetingStart, target.MeetingEnd) = (Input.Days, Input.MeetingStart, Input.MeetingEnd);
        var copy = TermCopy.Build(source.Course, plan, target, holidays, access, clock.GetUtcNow().UtcDateTime);
        Db.Courses.Add(copy.Course);
        Db.CourseworkItems.AddRange(copy.Coursework);
        Db.Sections.AddRange(copy.Sections);
        // One save: the course and everything in it are stored together or not at all.
        await Db.SaveChangesAsync(cancellationToken);
        TempData["Flash"] = $"Copied to {target.TermName}: {plan.Moves.Count} lectures, {plan.Work.Count} coursework items, {plan.Sections.Count} sections. "
            + "The new term is unpublished until you publish it.";
        return RedirectToPage("/Staff/Courses/Lectures/Index", new { courseId = target.Id });
    }

    private async Task<bool> LoadAsync(int courseId, CancellationToken cancellationToken)
    {
        Terms = await Db.Terms.AsNoTracking().Include(t => t.Holidays).OrderByDescending(t => t.StartDate).ThenBy(t => t.Name).ToListAsync(cancellationToken);
        return await LoadCourseAsync(courseId, cancellationToken);
    }

    private TermCopy.Plan MakePlan(TermCopySource source, IReadOnlyList<Holiday> holidays) =>
        TermCopy.MakePlan(source.Course, source.Coursework, source.Sections, Input.TermStart!.Value,
            MeetingPattern.Dates(Input.TermStart!.Value, Input.TermEnd!.Value, Input.Days, holidays), holidays);

    private async Task<(IReadOnlyList<Holiday> Holidays, TermCopySource Source)> ValidateAsync(CancellationToken cancellationToken)
    {
        Input.Slug = Input.Slug.Trim().ToLowerInvariant();
        AddProblem("Input.Slug", CourseRules.SlugProblem(Input.Slug));
        if (ModelState.GetFieldValidationState("Input.Slug") != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid
            && await Db.Courses.AnyAsync(c => c.Slug == Input.Slug, cancellationToken))
        {
            ModelState.AddModelError("Input.Slug", CourseRules.SlugTaken);
        }

        // The new term is one of the admins' terms; its dates are the copy's unless the course's own are given.
        var term = await Db.Terms.AsNoTracking().Include(t => t.Holidays).FirstOrDefaultAsync(t => t.Name == Input.TermName, cancellationToken);
        if (term is null && !string.IsNullOrWhiteSpace(Input.TermName))
        {
            ModelState.AddModelError("Input.TermName", NewCourse.NoSuchTerm);
        }

        Input.TermStart ??= term?.StartDate;
        Input.TermEnd ??= term?.EndDate;
        if (Input.TermStart is { } start && Input.TermEnd is { } end)
        {
            AddProblem("Input.TermEnd", CourseRules.TermProblem(start, end));
        }

        if (Input.MeetingDays.Count == 0)
        {
            ModelState.AddModelError("Input.MeetingDays", "Choose the days the course meets in the new term.");
        }

        AddProblem("Input.MeetingEnd", TimeRules.RangeProblem(Input.MeetingStart, Input.MeetingEnd));
        var typed = ParseHolidays(Input.Holidays, out var problem);
        AddProblem("Input.Holidays", problem);
        // A term the portal has brings its holidays; those typed here become the copy's own.
        var termHolidays = term?.Holidays ?? [];
        IReadOnlyList<Holiday> holidays = [.. termHolidays.Select(h => h.ForCourse(Course.Id)), .. typed];

        return (holidays, await TermCopySource.LoadAsync(Db, Course.Id, cancellationToken));
    }

    /// <summary>Lines like "2026-03-14..2026-03-22 Spring break" or "2026-01-19 Martin Luther King Day".</summary>
    public static IReadOnlyList<Holiday> ParseHolidays(string? text, out string? problem)
    {
        problem = null;
        var holidays = new List<Holiday>();
        var lines = (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var (line, number) in lines.Select((l, i) => (l, i + 1)))
        {
            var parts = line.Split(' ', 2, StringSplitOptions.TrimEntries);
            var range = parts[0].Split("..");
            if (parts.Length < 2 || range.Length > 2
                || !DateOnly.TryParseExact(range[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
                || !DateOnly.TryParseExact(range[^1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var last)
                || last < first)
            {
                problem = $"Line {number} (“{line}”) is not “YYYY-MM-DD Name” or “YYYY-MM-DD..YYYY-MM-DD Name”.";
                return [];
            }

            if (parts[1].Length > Holiday.NameMaxLength)
            {
                problem = $"Line {number}: a holiday's name has at most {Holiday.NameMaxLength} characters.";
                break;
            }

            holidays.Add(new Holiday { Name = parts[1], StartDate = first, EndDate = last });
        }

        return holidays;
    }
}
