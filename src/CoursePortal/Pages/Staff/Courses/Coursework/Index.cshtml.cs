using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Editing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Staff.Courses.Coursework;

/// <summary>The course's assignments, exams, quizzes and projects in schedule order, with reorder and delete.</summary>
public sealed class IndexModel(PortalDbContext db, TimeProvider clock) : CoursePageModel(db)
{
    public IReadOnlyList<CourseworkItem> Items { get; private set; } = [];

    /// <summary>Lecture numbers (Lecture 1, 2, …) by lecture id, for the lecture an item belongs to.</summary>
    public IReadOnlyDictionary<int, int> LectureNumbers { get; private set; } = new Dictionary<int, int>();

    public DateTime NowUtc { get; } = clock.GetUtcNow().UtcDateTime;

    public async Task<IActionResult> OnGetAsync(int courseId, CancellationToken cancellationToken)
    {
        if (!await LoadCourseAsync(courseId, cancellationToken))
        {
            return NotFound();
        }

        Items = await Db.CourseworkItems.AsNoTracking().Include(i => i.Lecture).Include(i => i.Materials)
            .Where(i => i.CourseId == courseId)
            .InScheduleOrder()
            .ToListAsync(cancellationToken);
        LectureNumbers = Schedule.Numbers(await Db.Lectures.AsNoTracking().Where(l => l.CourseId == courseId).ToListAsync(cancellationToken));
        return Page();
    }

    /// <summary>
    /// The item <paramref name="item"/> can swap places with, above (or below) it; null when there is none. Only an item due at
    /// the same date and time: the time orders the rest.
    /// </summary>
    public CourseworkItem? Neighbour(CourseworkItem item, bool up)
    {
        var index = Items.Select((x, i) => (x.Id, i)).First(x => x.Id == item.Id).i;
        var other = up ? index - 1 : index + 1;
        return other >= 0 && other < Items.Count && Items[other].Date == item.Date && Items[other].Time == item.Time ? Items[other] : null;
    }

    /// <summary>Moves an item one place up or down among the items due at the same date and time, if both are as the list showed them.</summary>
    public async Task<IActionResult> OnPostMoveAsync(int courseId, int id, bool up, [FromForm] Dictionary<int, Guid> listed, CancellationToken cancellationToken)
    {
        if (!await LoadCourseAsync(courseId, cancellationToken))
        {
            return NotFound();
        }

        var item = await Db.CourseworkItems.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id && i.CourseId == courseId, cancellationToken);
        if (item is null)
        {
            TempData["Flash"] = MovedAfterDelete;
            return RedirectToPage(new { courseId });
        }

        var sameTime = await Db.CourseworkItems.Where(i => i.CourseId == courseId && i.Date == item.Date && i.Time == item.Time)
            .InScheduleOrder().ToListAsync(cancellationToken);
        TempData["Flash"] = await SwapAsync(sameTime, id, up, listed, i => i.Title, (i, place) => i.Position = place, cancellationToken);
        return RedirectToPage(new { courseId });
    }

    /// <summary>
    /// Deletes an item. Its materials stay, as course materials, but as drafts: a solutions file released with the
    /// item must not become public on its own.
    /// </summary>
    public Task<IActionResult> OnPostDeleteAsync(int courseId, int id, CancellationToken cancellationToken)
    {
        var kept = 0;
        return DeleteAsync<CourseworkItem>(courseId, id, i => $"Deleted “{i.Title}”.{KeptMaterials(kept)}", null, cancellationToken, async item =>
        {
            var materials = await Db.Materials.Where(m => m.CourseworkItemId == item.Id && m.CourseId == courseId).ToListAsync(cancellationToken);
            materials.ForEach(m => m.IsDraft = true);
            kept = materials.Count;
        });
    }

    /// <summary>What the delete did to the item's materials, for the flash and the confirmation.</summary>
    public static string KeptMaterials(int count) => count switch
    {
        0 => "",
        1 => " Its material is kept as a draft under course materials.",
        _ => $" Its {count} materials are kept as drafts under course materials.",
    };
}
