using CoursePortal.Terms;
using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Editing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Staff.Courses.Lectures;

/// <summary>
/// The schedule editor: the course's lectures in date order, each row's date, topic, room and status saved on its
/// own (with the lecture edit page's rules and concurrency check), bulk cancel, restore and delete of the selected
/// rows, topics moved up and down or dragged, and undo of the last bulk change (see <see cref="ScheduleEditor"/>).
/// </summary>
public sealed class IndexModel(PortalDbContext db, ScheduleEditor editor) : CoursePageModel(db)
{
    public IReadOnlyList<Lecture> Lectures { get; private set; } = [];
    public IReadOnlyDictionary<int, int> Numbers { get; private set; } = new Dictionary<int, int>();

    public IReadOnlyList<ScheduleCheck.Finding> Findings { get; private set; } = [];

    public ScheduleEditor.UndoState? Undo { get; private set; }

    /// <summary>The row a refused save (sent without JavaScript) is shown again for, with what was typed and why.</summary>
    public int? EditedRow { get; private set; }

    /// <summary>The fields of the row being saved (named <c>Row.*</c> in every row's form).</summary>
    public LectureFields Row { get; private set; } = new();

    /// <summary>A row form's id, which its fields in the other cells name.</summary>
    public static string FormId(int lectureId) => $"row-{lectureId}";

    /// <summary>The anchor of a row, where a save returns to.</summary>
    public static string RowAnchor(int lectureId) => $"lecture-row-{lectureId}";

    /// <summary>The stored values a row's form is built from, for a conflict message naming what changed since.</summary>
    public string SnapshotOf(Lecture lecture) => Concurrency.Snapshot(Db.Entry(lecture));

    public async Task<IActionResult> OnGetAsync(int courseId, CancellationToken cancellationToken)
    {
        if (!await LoadCourseAsync(courseId, cancellationToken))
        {
            return NotFound();
        }

        await LoadListAsync(cancellationToken);
        return Page();
    }

    /// <summary>Saves one row. A script's request (asking for JSON) gets the outcome as JSON; a plain form post returns to the row.</summary>
    public async Task<IActionResult> OnPostSaveAsync(int courseId, int id, CancellationToken cancellationToken)
    {
        if (!await LoadCourseAsync(courseId, cancellationToken))
        {
            return NotFound();
        }

        await TryUpdateModelAsync(Row, nameof(Row));
        var lecture = await Db.Lectures.SingleOrDefaultAsync(l => l.Id == id && l.CourseId == courseId, cancellationToken);
        if (lecture is null)
        {
            var deleted = await Concurrency.LastChangeAsync(Db, nameof(Lecture), id.ToString(System.Globalization.CultureInfo.InvariantCulture), courseId, Zone, "Delete", cancellationToken);
            if (deleted is not { } by)
            {
                return NotFound();
            }

            var gone = $"{by.Who} deleted this lecture{by.When} while you were editing it, so your changes were not saved.";
            return WantsJson ? new JsonResult(new { ok = false, message = gone, errors = new Dictionary<string, string>() }) : Back(gone, null);
        }

        var saved = false;
        if (ModelState.IsValid)
        {
            var position = (await OrderAsync(cancellationToken)).IndexOf(id);
            Row.ApplyTo(lecture);
            saved = await SaveAsync(lecture, Row.Version, "lecture", cancellationToken);
            if (saved)
            {
                var message = $"Saved the lecture of {Formats.ShortDateWithYear(lecture.Date)}.";
                if (!WantsJson)
                {
                    return Back(message, id);
                }

                var moved = (await OrderAsync(cancellationToken)).IndexOf(id) != position;
                var numbers = Schedule.Numbers(await Db.Lectures.AsNoTracking().Where(l => l.CourseId == courseId).ToListAsync(cancellationToken));
                return new JsonResult(new
                {
                    ok = true,
                    message = moved ? $"{message} Its place in the list changes when the page is reloaded." : message,
                    version = lecture.Version,
                    original = SnapshotOf(lecture),
                    number = numbers.TryGetValue(id, out var n) ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "–",
                    cancelled = lecture.Status == LectureStatus.Cancelled,
                    dateText = Formats.ShortDateWithYear(lecture.Date),
                });
            }
        }

        if (WantsJson)
        {
            // Each message by the field it is about ("Date", "Topic", "Room"); "" for the row as a whole.
            var errors = ModelState.Where(e => e.Value is { Errors.Count: > 0 })
                .GroupBy(e => e.Key.StartsWith("Row.", StringComparison.Ordinal) ? e.Key["Row.".Length..] : "")
                .ToDictionary(g => g.Key, g => string.Join(" ", g.SelectMany(e => e.Value!.Errors).Select(x => x.ErrorMessage)));
            return new JsonResult(new { ok = false, message = "Not saved: see the messages in the row.", errors, version = Row.Version, original = Original });
        }

        EditedRow = id;
        await LoadListAsync(cancellationToken);
        return Page();
    }

    // Its materials stay, as course-level materials (see the model's delete rule).
    public Task<IActionResult> OnPostDeleteAsync(int courseId, int id, CancellationToken cancellationToken) =>
        DeleteAsync<Lecture>(courseId, id, l => $"Deleted the lecture of {Formats.ShortDateWithYear(l.Date)}: {l.Topic}.", cancellationToken);

    public Task<IActionResult> OnPostBulkCancelAsync(int courseId, [FromForm] List<int> selected, [FromForm] Dictionary<int, Guid> listed, CancellationToken cancellationToken) =>
        RunAsync(courseId, () => editor.SetStatusAsync(Course, selected, listed, LectureStatus.Cancelled, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostBulkRestoreAsync(int courseId, [FromForm] List<int> selected, [FromForm] Dictionary<int, Guid> listed, CancellationToken cancellationToken) =>
        RunAsync(courseId, () => editor.SetStatusAsync(Course, selected, listed, LectureStatus.Scheduled, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostBulkDeleteAsync(int courseId, [FromForm] List<int> selected, [FromForm] Dictionary<int, Guid> listed, CancellationToken cancellationToken) =>
        RunAsync(courseId, () => editor.DeleteAsync(Course, selected, listed, cancellationToken), cancellationToken);

    /// <summary>
    /// Swaps a topic with the one above (<paramref name="step"/> −1) or below (+1): the keyboard's way to reorder. Named "step",
    /// not "by": the bulk form's "Move by" field, posted with these buttons, would take its place.
    /// </summary>
    public Task<IActionResult> OnPostMoveAsync(int courseId, int id, [FromQuery] int step, [FromForm] Dictionary<int, Guid> listed, CancellationToken cancellationToken) =>
        RunAsync(courseId, () => editor.MoveTopicAsync(Course, id, step, listed, cancellationToken), cancellationToken, id);

    /// <summary>A new order of all topics (ids, first to last), as dragging them gives.</summary>
    public Task<IActionResult> OnPostReorderAsync(int courseId, [FromForm] List<int> order, [FromForm] Dictionary<int, Guid> listed, CancellationToken cancellationToken) =>
        RunAsync(courseId, () => editor.ReorderAsync(Course, order, listed, null, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostUndoAsync(int courseId, CancellationToken cancellationToken) =>
        RunAsync(courseId, () => editor.UndoAsync(Course, cancellationToken), cancellationToken);

    private bool WantsJson => Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase);

    private async Task<IActionResult> RunAsync(int courseId, Func<Task<ScheduleEditor.Result>> change, CancellationToken cancellationToken, int? row = null)
    {
        if (!await LoadCourseAsync(courseId, cancellationToken))
        {
            return NotFound();
        }

        var result = await change();
        return WantsJson ? new JsonResult(new { ok = result.Done, message = result.Message }) : Back(result.Message, row);
    }

    private RedirectToPageResult Back(string message, int? row)
    {
        TempData["Flash"] = message;
        return RedirectToPage(null, null, new { courseId = Course.Id }, row is { } id ? RowAnchor(id) : null);
    }

    private Task<List<int>> OrderAsync(CancellationToken cancellationToken) =>
        Db.Lectures.AsNoTracking().Where(l => l.CourseId == Course.Id).InScheduleOrder().Select(l => l.Id).ToListAsync(cancellationToken);

    private async Task LoadListAsync(CancellationToken cancellationToken)
    {
        var courseId = Course.Id;
        Lectures = await Db.Lectures.AsNoTracking().Include(l => l.Materials)
            .Where(l => l.CourseId == courseId)
            .InScheduleOrder()
            .ToListAsync(cancellationToken);
        Numbers = Schedule.Numbers(Lectures);
        var holidays = await CourseHolidays.ForCourseAsync(Db, courseId, cancellationToken);
        var coursework = await Db.CourseworkItems.AsNoTracking().Where(i => i.CourseId == courseId).ToListAsync(cancellationToken);
        var sections = await Db.Sections.AsNoTracking().Where(s => s.CourseId == courseId).ToListAsync(cancellationToken);
        Findings = ScheduleCheck.Run(Course, Lectures, holidays, coursework, sections);
        Undo = await editor.UndoStateAsync(Course, cancellationToken);
    }

    protected override void SetFormVersion(Guid version) => Row.Version = version;
}
