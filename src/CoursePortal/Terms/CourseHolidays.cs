using CoursePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Terms;

/// <summary>
/// The days a course does not meet: its term's holidays and its own. The one place every schedule, calendar, check,
/// copy and export reads them from, so a holiday added to a term reaches every course of it.
/// </summary>
public static class CourseHolidays
{
    /// <summary>Of a course loaded with its own holidays and its term's (<c>Include(c => c.Term).ThenInclude(t => t.Holidays)</c>).</summary>
    public static IReadOnlyList<Holiday> Of(Course course)
    {
        var term = course.Term ?? throw new InvalidOperationException($"Course {course.Id} was loaded without its term; include Term and its Holidays.");
        return InOrder(term.Holidays.Select(h => h.ForCourse(course.Id)).Concat(course.Holidays));
    }

    public static async Task<IReadOnlyList<Holiday>> ForCourseAsync(PortalDbContext db, int courseId, CancellationToken cancellationToken) =>
        (await ForCoursesAsync(db, [courseId], cancellationToken))[courseId].ToList();

    /// <summary>Every holiday of each course, by course id: one query whatever the number of courses.</summary>
    public static async Task<ILookup<int, Holiday>> ForCoursesAsync(PortalDbContext db, IReadOnlyCollection<int> courseIds, CancellationToken cancellationToken)
    {
        var own = db.Holidays.Where(h => courseIds.Contains(h.CourseId))
            .Select(h => new { h.CourseId, h.Id, TermHolidayId = (int?)null, h.Name, h.StartDate, h.EndDate });
        var terms =
            from c in db.Courses
            where courseIds.Contains(c.Id)
            join h in db.TermHolidays on c.TermName equals h.Term!.Name
            select new { CourseId = c.Id, Id = 0, TermHolidayId = (int?)h.Id, h.Name, h.StartDate, h.EndDate };
        var rows = await own.Concat(terms).ToListAsync(cancellationToken);
        return InOrder(rows.Select(r => new Holiday { Id = r.Id, CourseId = r.CourseId, TermHolidayId = r.TermHolidayId, Name = r.Name, StartDate = r.StartDate, EndDate = r.EndDate }))
            .ToLookup(h => h.CourseId);
    }

    /// <summary>What a term's holidays would be for its courses if <paramref name="holidays"/> were the term's (a preview).</summary>
    public static IReadOnlyList<Holiday> With(IEnumerable<TermHoliday> holidays, Course course) =>
        InOrder(holidays.Select(h => h.ForCourse(course.Id)).Concat(course.Holidays));

    private static List<Holiday> InOrder(IEnumerable<Holiday> holidays) =>
        holidays.OrderBy(h => h.StartDate).ThenBy(h => h.EndDate).ThenBy(h => h.Name, StringComparer.Ordinal).ToList();
}
