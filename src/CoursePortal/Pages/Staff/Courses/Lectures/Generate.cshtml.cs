using CoursePortal.Terms;
using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Editing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Staff.Courses.Lectures;

/// <summary>
/// Proposes a lecture for every class day of the term's meeting pattern that has none yet (holidays
/// skipped), shows the list, and adds them only when asked. Existing lectures are kept as they are.
/// </summary>
public sealed class GenerateModel(PortalDbContext db) : CoursePageModel(db)
{
    public const string Placeholder = "To be announced";

    public IReadOnlyList<DateOnly> Proposed { get; private set; } = [];
    public IReadOnlyList<(DateOnly Date, Holiday Holiday)> Skipped { get; private set; } = [];
    public int Existing { get; private set; }

    public async Task<IActionResult> OnGetAsync(int courseId, CancellationToken cancellationToken) =>
        await LoadAsync(courseId, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int courseId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(courseId, cancellationToken))
        {
            return NotFound();
        }

        if (Proposed.Count == 0)
        {
            return Saved("Every class day of the pattern has a lecture already.", "/Staff/Courses/Lectures/Index");
        }

        Db.Lectures.AddRange(Proposed.Select(d => new Lecture { CourseId = courseId, Date = d, Topic = Placeholder }));
        await Db.SaveChangesAsync(cancellationToken);
        return Saved($"Added {Proposed.Count} lectures from the meeting pattern; give them topics.", "/Staff/Courses/Lectures/Index");
    }

    private async Task<bool> LoadAsync(int courseId, CancellationToken cancellationToken)
    {
        if (!await LoadCourseAsync(courseId, cancellationToken))
        {
            return false;
        }

        var holidays = await CourseHolidays.ForCourseAsync(Db, courseId, cancellationToken);
        var taken = (await Db.Lectures.AsNoTracking().Where(l => l.CourseId == courseId).Select(l => l.Date).ToListAsync(cancellationToken)).ToHashSet();
        Existing = taken.Count;
        Proposed = MeetingPattern.Dates(Course.TermStart, Course.TermEnd, Course.MeetingDays, holidays).Where(d => !taken.Contains(d)).ToList();
        Skipped = MeetingPattern.Skipped(Course.TermStart, Course.TermEnd, Course.MeetingDays, holidays);
        return true;
    }
}
