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

    /// <summary>The flash of a ↑/↓ move of an item deleted since the list was loaded.</summary>
    protected const string MovedAfterDelete = "Not moved: it was deleted since the list was loaded.";

    /// <summary>The flash of a delete that lost a race with someone else's save or delete of the same item.</summary>
    protected const string DeletedMeanwhile = "Not deleted: someone changed or deleted it a moment ago. Look at it again and delete it once more if you still mean to.";

    public Course Course { get; private set; } = null!;

    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>
    /// The stored values the edit form was built from (<see cref="Concurrency.Snapshot(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry)"/>),
    /// sent back with it, so a refused save can name every field changed since.
    /// </summary>
    [BindProperty]
    public string? Original { get; set; }

    /// <summary>Notes the values an edit form is built from.</summary>
    protected void RememberOriginal(object entity) => Original = Concurrency.Snapshot(db.Entry(entity));

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

    /// <summary>
    /// Deletes like the overload above, then returns to <paramref name="page"/> (this page when null);
    /// <paramref name="beforeRemove"/> changes what must change with the item, in the same save.
    /// </summary>
    protected async Task<IActionResult> DeleteAsync<T>(
        int courseId, int id, Func<T, string> flash, string? page, CancellationToken cancellationToken, Func<T, Task>? beforeRemove = null)
        where T : class, ICourseItem
    {
        var item = await db.Set<T>().SingleOrDefaultAsync(x => x.Id == id && x.CourseId == courseId, cancellationToken);
        if (item is null)
        {
            return NotFound();
        }

        if (await ChangedSinceListedAsync(item, cancellationToken) is { } refused)
        {
            TempData["Flash"] = refused;
            return RedirectToPage(page, new { courseId });
        }

        if (beforeRemove is not null)
        {
            await beforeRemove(item);
        }

        db.Remove(item);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            TempData["Flash"] = DeletedMeanwhile;
            return RedirectToPage(page, new { courseId });
        }

        TempData["Flash"] = flash(item);
        return RedirectToPage(page, new { courseId });
    }

    /// <summary>
    /// A delete sent from a list names the version the list showed (<c>version</c>); when someone changed
    /// the item since, the delete is refused with what changed, and the list, shown again, has the new version.
    /// </summary>
    protected async Task<string?> ChangedSinceListedAsync(object item, CancellationToken cancellationToken)
    {
        if (item is not IVersioned versioned)
        {
            return null;
        }

        if (!Request.HasFormContentType || !Guid.TryParse(Request.Form["version"], out var listed))
        {
            return "Not deleted: the request did not say which version of it you saw. Reload the page and delete it again.";
        }

        if (listed == versioned.Version)
        {
            return null;
        }

        var (who, when) = await Concurrency.LastChangeAsync(db, db.Entry(item), Zone, null, cancellationToken);
        return $"Not deleted: {who} changed it{when}, after this list was loaded. Look at it again and delete it once more if you still mean to.";
    }

    /// <summary>
    /// Swaps the item <paramref name="id"/> of <paramref name="ordered"/> with its neighbour above (or below), as a ↑/↓ button
    /// of a list asks, and saves the new places (<paramref name="place"/>). The button's form names the version the list showed
    /// of both rows (<c>listed[id]</c>); when either changed since, or another row came between them, nothing moves and the
    /// message says who changed what, as a stale delete is refused. Returns the message for the flash.
    /// </summary>
    protected async Task<string> SwapAsync<T>(List<T> ordered, int id, bool up, IReadOnlyDictionary<int, Guid> listed,
        Func<T, string> title, Action<T, int> place, CancellationToken cancellationToken)
        where T : class, IVersioned, ICourseItem
    {
        var index = ordered.FindIndex(x => x.Id == id);
        if (index < 0)
        {
            return MovedAfterDelete;
        }

        var other = up ? index - 1 : index + 1;
        if (other < 0 || other >= ordered.Count)
        {
            return $"“{title(ordered[index])}” is {(up ? "first" : "last")} already.";
        }

        foreach (var row in new[] { ordered[index], ordered[other] })
        {
            if (!listed.TryGetValue(row.Id, out var version))
            {
                return $"Not moved: “{title(row)}” was added or moved next to it after this list was loaded. Look at the list again and move it once more if you still mean to.";
            }

            if (version != row.Version)
            {
                var (who, when) = await Concurrency.LastChangeAsync(db, db.Entry(row), Zone, null, cancellationToken);
                return $"Not moved: {who} changed “{title(row)}”{when}, after this list was loaded. Look at the list again and move it once more if you still mean to.";
            }
        }

        var moved = ordered[index];
        var passed = ordered[other];
        (ordered[index], ordered[other]) = (ordered[other], ordered[index]);
        for (var i = 0; i < ordered.Count; i++)
        {
            place(ordered[i], i);
        }

        // Between the check above and this save someone may still change either row: the version decides.
        db.Entry(moved).Property(e => e.Version).OriginalValue = listed[moved.Id];
        db.Entry(passed).Property(e => e.Version).OriginalValue = listed[passed.Id];
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return "Not moved: someone changed the list a moment ago. Look at it again and move it once more if you still mean to.";
        }

        return $"Moved “{title(moved)}” {(up ? "up" : "down")}, past “{title(passed)}”.";
    }

    /// <summary>
    /// The item a form was saving is gone: when the course's audit log shows it deleted, the form is shown
    /// again with what was typed and who deleted it; otherwise (an id of another course, say) 404.
    /// </summary>
    protected async Task<IActionResult> DeletedMeanwhileAsync<T>(int id, string label, CancellationToken cancellationToken)
    {
        var deleted = await Concurrency.LastChangeAsync(db, typeof(T).Name, id.ToString(System.Globalization.CultureInfo.InvariantCulture), Course.Id, Zone, "Delete", cancellationToken);
        if (deleted is not { } by)
        {
            return NotFound();
        }

        ModelState.AddModelError(string.Empty,
            $"{by.Who} deleted this {label}{by.When} while you were editing it, so your changes were not saved. What you typed is still below: copy what you need, or add it again as a new {label}.");
        return Page();
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
            var (message, current, snapshot) = await Concurrency.DescribeAsync(conflict, db, label, Zone, Original, cancellationToken);
            ModelState.AddModelError(string.Empty, message);
            if (current is { } version)
            {
                // The form now stands on their version: a second save replaces it knowingly.
                ModelState.Remove("Input.Version");
                ModelState.Remove(nameof(Original));
                SetFormVersion(version);
                Original = snapshot;
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
