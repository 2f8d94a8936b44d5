using CoursePortal.Data;
using CoursePortal.Editing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Staff.Courses.Announcements;

/// <summary>All announcements of the course, drafts and scheduled ones included.</summary>
public sealed class IndexModel(PortalDbContext db, TimeProvider clock) : CoursePageModel(db)
{
    public IReadOnlyList<Announcement> Announcements { get; private set; } = [];

    public DateTime NowUtc { get; } = clock.GetUtcNow().UtcDateTime;

    public async Task<IActionResult> OnGetAsync(int courseId, CancellationToken cancellationToken)
    {
        if (!await LoadCourseAsync(courseId, cancellationToken))
        {
            return NotFound();
        }

        Announcements = (await Db.Announcements.AsNoTracking().Where(a => a.CourseId == courseId).ToListAsync(cancellationToken))
            .OrderBy(a => a.PublishAt is null ? 0 : 1).ThenByDescending(a => a.PublishAt).ThenByDescending(a => a.Id)
            .ToList();
        return Page();
    }

    public Task<IActionResult> OnPostDeleteAsync(int courseId, int id, CancellationToken cancellationToken) =>
        DeleteAsync<Announcement>(courseId, id, a => $"Deleted “{a.Title}”.", cancellationToken);
}
