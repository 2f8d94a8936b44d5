using CoursePortal.Courses;
using CoursePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Terms;

/// <summary>
/// What a change to a term's holidays does to each of its courses before it is saved: the lectures that would fall on a
/// holiday (which the schedule check then flags) and the class days a removed or shortened holiday frees.
/// </summary>
public static class TermHolidayPreview
{
    public sealed record LectureOnHoliday(DateOnly Date, string Topic, string Holiday);

    public sealed record CourseEffect(int CourseId, string Code, string Title, IReadOnlyList<LectureOnHoliday> NowOnHoliday, IReadOnlyList<DateOnly> Freed)
    {
        public bool None => NowOnHoliday.Count == 0 && Freed.Count == 0;
    }

    /// <summary>Per course of <paramref name="term"/> (loaded with its holidays), what <paramref name="proposed"/> as its holidays would change.</summary>
    public static async Task<IReadOnlyList<CourseEffect>> ForAsync(PortalDbContext db, Term term, IReadOnlyList<TermHoliday> proposed, CancellationToken cancellationToken)
    {
        var courses = await db.Courses.AsNoTracking().Include(c => c.Holidays).Where(c => c.TermName == term.Name)
            .OrderBy(c => c.Code).ThenBy(c => c.Slug).ToListAsync(cancellationToken);
        var ids = courses.Select(c => c.Id).ToList();
        var lectures = (await db.Lectures.AsNoTracking().Where(l => ids.Contains(l.CourseId))
            .Select(l => new { l.CourseId, l.Date, l.Topic }).ToListAsync(cancellationToken)).ToLookup(l => l.CourseId);

        return courses.Select(course =>
        {
            var before = CourseHolidays.With(term.Holidays, course);
            var after = CourseHolidays.With(proposed, course);
            var onHoliday = lectures[course.Id]
                .Where(l => !before.Any(h => h.Contains(l.Date)) && after.FirstOrDefault(h => h.Contains(l.Date)) is not null)
                .OrderBy(l => l.Date)
                .Select(l => new LectureOnHoliday(l.Date, l.Topic, after.First(h => h.Contains(l.Date)).Name))
                .ToList();
            var freed = before.SelectMany(Days).Distinct()
                .Where(d => d >= course.TermStart && d <= course.TermEnd && !after.Any(h => h.Contains(d)) && MeetsOn(course, d))
                .Order()
                .ToList();
            return new CourseEffect(course.Id, course.Code, course.Title, onHoliday, freed);
        }).ToList();
    }

    private static IEnumerable<DateOnly> Days(Holiday holiday)
    {
        for (var d = holiday.StartDate; d <= holiday.EndDate; d = d.AddDays(1))
        {
            yield return d;
        }
    }

    // A course without a meeting pattern may meet any day, so every freed day counts.
    private static bool MeetsOn(Course course, DateOnly date) =>
        course.MeetingDays == Weekdays.None || course.MeetingDays.HasFlag(Formats.ToFlag(date.DayOfWeek));
}
