using CoursePortal.Data;
using CoursePortal.Editing;
using Microsoft.AspNetCore.Mvc;

namespace CoursePortal.Pages.Staff.Courses.Lectures;

/// <summary>
/// The preview of a date change to many lectures: moving the selected ones by N class days, or inserting a
/// no-lecture day (every later lecture one class day later). It lists every move, old date → new date, and saves
/// only when asked, refusing when a lecture changed since the preview (see <see cref="ScheduleEditor"/>).
/// </summary>
public sealed class RescheduleModel(PortalDbContext db, ScheduleEditor editor) : CoursePageModel(db)
{
    /// <summary>The day to insert a no-lecture day on; without it the page moves <see cref="Selected"/> by <see cref="By"/>.</summary>
    [BindProperty(SupportsGet = true)]
    public DateOnly? InsertOn { get; set; }

    [BindProperty]
    public int By { get; set; }

    [BindProperty]
    public List<int> Selected { get; set; } = [];

    public ScheduleEditor.Plan? Plan { get; private set; }

    /// <summary>Why the last attempt to save was refused, shown above the (new) preview.</summary>
    public string? Refused { get; private set; }

    public async Task<IActionResult> OnGetAsync(int courseId, CancellationToken cancellationToken)
    {
        if (!await LoadCourseAsync(courseId, cancellationToken))
        {
            return NotFound();
        }

        if (InsertOn is { } on)
        {
            Plan = await editor.PlanInsertAsync(Course, on, cancellationToken);
        }
        else if (Request.Query.ContainsKey(nameof(InsertOn)))
        {
            ModelState.AddModelError(nameof(InsertOn), "Insert a no-lecture day on: enter a date.");
        }

        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(int courseId, CancellationToken cancellationToken)
    {
        if (!await LoadCourseAsync(courseId, cancellationToken))
        {
            return NotFound();
        }

        Plan = await PlanAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync(int courseId, [FromForm] Dictionary<int, Guid> listed, CancellationToken cancellationToken)
    {
        if (!await LoadCourseAsync(courseId, cancellationToken))
        {
            return NotFound();
        }

        var result = await editor.ApplyAsync(Course, await PlanAsync(cancellationToken), listed, cancellationToken);
        if (result.Done)
        {
            return Saved(result.Message, "/Staff/Courses/Lectures/Index");
        }

        // The preview as things are now, to confirm again.
        Refused = result.Message;
        Plan = await PlanAsync(cancellationToken);
        return Page();
    }

    private Task<ScheduleEditor.Plan> PlanAsync(CancellationToken cancellationToken) => InsertOn is { } on
        ? editor.PlanInsertAsync(Course, on, cancellationToken)
        : editor.PlanMoveAsync(Course, Selected, By, cancellationToken);
}
