using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Editing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Staff.Courses.Lectures;

/// <summary>The course's lectures in date order, with cancel, restore and delete.</summary>
public sealed class IndexModel(PortalDbContext db) : CoursePageModel(db)
{
    public IReadOnlyList<Lecture> Lectures { get; private set; } = [];
    public IReadOnlyDictionary<int, int> Numbers { get; private set; } = new Dictionary<int, int>();

    public IReadOnlyList<ScheduleCheck.Finding> Findings { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int courseId, CancellationToken cancellationToken)
    {
        if (!await LoadCourseAsync(courseId, cancellationToken))
        {
            return NotFound();
        }

        Lectures = await Db.Lectures.AsNoTracking().Include(l => l.Materials)
            .Where(l => l.CourseId == courseId)
            .InScheduleOrder()
            .ToListAsync(cancellationToken);
        Numbers = Schedule.Numbers(Lectures);
        var holidays = await Db.Holidays.AsNoTracking().Where(h => h.CourseId == courseId).ToListAsync(cancellationToken);
        var coursework = await Db.CourseworkItems.AsNoTracking().Where(i => i.CourseId == courseId).ToListAsync(cancellationToken);
        var sections = await Db.Sections.AsNoTracking().Where(s => s.CourseId == courseId).ToListAsync(cancellationToken);
        Findings = ScheduleCheck.Run(Course, Lectures, holidays, coursework, sections);
        return Page();
    }

    public Task<IActionResult> OnPostCancelAsync(int courseId, int id, CancellationToken cancellationToken) =>
        SetStatusAsync(courseId, id, LectureStatus.Cancelled, cancellationToken);

    public Task<IActionResult> OnPostRestoreAsync(int courseId, int id, CancellationToken cancellationToken) =>
        SetStatusAsync(courseId, id, LectureStatus.Scheduled, cancellationToken);

    // Its materials stay, as course-level materials (see the model's delete rule).
    public Task<IActionResult> OnPostDeleteAsync(int courseId, int id, CancellationToken cancellationToken) =>
        DeleteAsync<Lecture>(courseId, id, l => $"Deleted the lecture of {Formats.ShortDateWithYear(l.Date)}: {l.Topic}.", cancellationToken);

    private async Task<IActionResult> SetStatusAsync(int courseId, int id, LectureStatus status, CancellationToken cancellationToken)
    {
        var lecture = await Db.Lectures.SingleOrDefaultAsync(l => l.Id == id && l.CourseId == courseId, cancellationToken);
        if (lecture is null)
        {
            return NotFound();
        }

        lecture.Status = status;
        await Db.SaveChangesAsync(cancellationToken);
        TempData["Flash"] = $"{(status == LectureStatus.Cancelled ? "Cancelled" : "Restored")} the lecture of {Formats.ShortDateWithYear(lecture.Date)}.";
        return RedirectToPage(new { courseId });
    }
}
