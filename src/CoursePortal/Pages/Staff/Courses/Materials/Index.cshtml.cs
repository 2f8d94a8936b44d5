using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Editing;
using CoursePortal.Materials;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Staff.Courses.Materials;

/// <summary>Every material of the course, course-level first, then by the date of its lecture or coursework item; drafts and scheduled ones marked.</summary>
public sealed class IndexModel(PortalDbContext db, StoredFileCleanup cleanup, TimeProvider clock) : CoursePageModel(db)
{
    public IReadOnlyList<Material> Materials { get; private set; } = [];

    public DateTime NowUtc { get; } = clock.GetUtcNow().UtcDateTime;

    public async Task<IActionResult> OnGetAsync(int courseId, CancellationToken cancellationToken)
    {
        if (!await LoadCourseAsync(courseId, cancellationToken))
        {
            return NotFound();
        }

        Materials = (await Db.Materials.AsNoTracking().Include(m => m.Lecture).Include(m => m.CourseworkItem)
                .Where(m => m.CourseId == courseId).ToListAsync(cancellationToken))
            .OrderBy(m => m.Lecture?.Date ?? m.CourseworkItem?.Date ?? DateOnly.MinValue)
            .ThenBy(m => m.CourseworkItemId is null ? 0 : 1).ThenBy(m => m.CourseworkItemId)
            .ThenBy(m => m.SortOrder).ThenBy(m => m.Id)
            .ToList();
        return Page();
    }

    /// <summary>The material <paramref name="material"/> can swap places with among those of its lecture or coursework item (or of the course); null when there is none.</summary>
    public Material? Neighbour(Material material, bool up)
    {
        var siblings = Materials.Where(m => m.LectureId == material.LectureId && m.CourseworkItemId == material.CourseworkItemId).ToList();
        var other = siblings.FindIndex(m => m.Id == material.Id) + (up ? -1 : 1);
        return other >= 0 && other < siblings.Count ? siblings[other] : null;
    }

    /// <summary>Moves a material one place up or down among those of the same lecture or coursework item (or of the course), if both are as the list showed them.</summary>
    public async Task<IActionResult> OnPostMoveAsync(int courseId, int id, bool up, [FromForm] Dictionary<int, Guid> listed, CancellationToken cancellationToken)
    {
        if (!await LoadCourseAsync(courseId, cancellationToken))
        {
            return NotFound();
        }

        var material = await Db.Materials.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id && m.CourseId == courseId, cancellationToken);
        if (material is null)
        {
            TempData["Flash"] = MovedAfterDelete;
            return RedirectToPage(new { courseId });
        }

        var siblings = await Db.Materials.Where(m => m.CourseId == courseId && m.LectureId == material.LectureId && m.CourseworkItemId == material.CourseworkItemId)
            .InListOrder().ToListAsync(cancellationToken);
        TempData["Flash"] = await SwapAsync(siblings, id, up, listed, m => m.Title, (m, place) => m.SortOrder = place, cancellationToken);
        return RedirectToPage(new { courseId });
    }

    public async Task<IActionResult> OnPostDeleteAsync(int courseId, int id, CancellationToken cancellationToken)
    {
        var material = await Db.Materials.Include(m => m.Versions).SingleOrDefaultAsync(m => m.Id == id && m.CourseId == courseId, cancellationToken);
        if (material is null)
        {
            return NotFound();
        }

        if (await ChangedSinceListedAsync(material, cancellationToken) is { } refused)
        {
            TempData["Flash"] = refused;
            return RedirectToPage(new { courseId });
        }

        var hashes = material.Versions.Select(v => v.FileHash).Append(material.FileHash).ToList();
        Db.Materials.Remove(material);
        try
        {
            await Db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            TempData["Flash"] = DeletedMeanwhile;
            return RedirectToPage(new { courseId });
        }

        await cleanup.DeleteUnusedAsync(hashes, cancellationToken);
        TempData["Flash"] = $"Deleted “{material.Title}”.";
        return RedirectToPage(new { courseId });
    }
}
