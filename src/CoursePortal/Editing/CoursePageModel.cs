using CoursePortal.Accounts;
using CoursePortal.Courses;
using CoursePortal.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Editing;

/// <summary>
/// Base of every staff page about one course (<c>/Staff/Courses/{courseId}/…</c>). Access is checked
/// before the page runs, by the folder's policy; this class loads the course and handles the
/// save-with-concurrency-check that every edit form needs.
/// </summary>
public abstract class CoursePageModel(PortalDbContext db) : PageModel
{
    protected PortalDbContext Db => db;

    public Course Course { get; private set; } = null!;

    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>
    /// Whether the user may manage the course (its Instructor or the admin), asked of the same policy
    /// that guards the Instructor-only pages, so the pages offer only what the user may do.
    /// </summary>
    public bool MayManage { get; private set; }

    /// <summary>The view-data key of <see cref="MayManage"/>, for the course navigation.</summary>
    public const string MayManageKey = "MayManageCourse";

    /// <summary>Loads the course of the route; false (answer 404) when there is none.</summary>
    protected async Task<bool> LoadCourseAsync(int courseId, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().SingleOrDefaultAsync(c => c.Id == courseId, cancellationToken);
        if (course is null)
        {
            return false;
        }

        Course = course;
        Zone = CourseClock.Zone(course.TimeZoneId);
        ViewData["Course"] = course;
        var authorization = HttpContext.RequestServices.GetRequiredService<IAuthorizationService>();
        MayManage = (await authorization.AuthorizeAsync(User, HttpContext, StaffRoles.CourseInstructorPolicy)).Succeeded;
        ViewData[MayManageKey] = MayManage;
        return true;
    }

    /// <summary>
    /// Deletes an item of this course and returns to the page with <paramref name="flash"/>'s message;
    /// 404 when the course has no item with that id.
    /// </summary>
    protected Task<IActionResult> DeleteAsync<T>(int courseId, int id, Func<T, string> flash, CancellationToken cancellationToken)
        where T : class, ICourseItem =>
        DeleteAsync(courseId, id, flash, null, cancellationToken);

    /// <summary>Deletes like the overload above, then returns to <paramref name="page"/> (this page when null).</summary>
    protected async Task<IActionResult> DeleteAsync<T>(int courseId, int id, Func<T, string> flash, string? page, CancellationToken cancellationToken)
        where T : class, ICourseItem
    {
        var item = await db.Set<T>().SingleOrDefaultAsync(x => x.Id == id && x.CourseId == courseId, cancellationToken);
        if (item is null)
        {
            return NotFound();
        }

        db.Remove(item);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Flash"] = flash(item);
        return RedirectToPage(page, new { courseId });
    }

    protected void AddProblem(string field, string? problem)
    {
        if (problem is not null)
        {
            ModelState.AddModelError(field, problem);
        }
    }

    /// <summary>
    /// Saves, refusing the save when someone else changed the item since <paramref name="expectedVersion"/>.
    /// On a conflict the form gets a message showing the other change and the newer version, so a
    /// second save replaces theirs knowingly.
    /// </summary>
    protected async Task<bool> SaveAsync<T>(T entity, Guid expectedVersion, string label, CancellationToken cancellationToken)
        where T : class, IVersioned
    {
        var entry = db.Entry(entity);
        if (entry.State != EntityState.Added)
        {
            entry.Property(e => e.Version).OriginalValue = expectedVersion;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (StoredRuleException refused)
        {
            // A rule the form does not show next to a field (older stored text, say): nothing was saved.
            foreach (var problem in refused.Problems)
            {
                ModelState.AddModelError(string.Empty, problem);
            }

            return false;
        }
        catch (DbUpdateConcurrencyException conflict)
        {
            var (message, current) = await Concurrency.DescribeAsync(conflict, db, label, Zone, cancellationToken);
            ModelState.AddModelError(string.Empty, message);
            if (current is { } version)
            {
                ModelState.Remove("Input.Version");
                SetFormVersion(version);
            }

            return false;
        }
    }

    /// <summary>Puts the newer version into the form after a conflict.</summary>
    protected virtual void SetFormVersion(Guid version)
    {
    }

    protected IActionResult Saved(string message, string page)
    {
        TempData["Flash"] = message;
        return RedirectToPage(page, new { courseId = Course.Id });
    }
}
