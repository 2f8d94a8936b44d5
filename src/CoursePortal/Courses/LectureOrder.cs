using CoursePortal.Data;

namespace CoursePortal.Courses;

/// <summary>
/// The one order of a course's lectures — by date, then start time, then the order they were added —
/// which numbers them (Lecture 1, 2, …) and lists them on every page, export, copy and check.
/// </summary>
public static class LectureOrder
{
    public static IOrderedEnumerable<Lecture> InScheduleOrder(this IEnumerable<Lecture> lectures) =>
        lectures.OrderBy(l => l.Date).ThenBy(l => l.StartTime).ThenBy(l => l.Id);

    public static IOrderedQueryable<Lecture> InScheduleOrder(this IQueryable<Lecture> lectures) =>
        lectures.OrderBy(l => l.Date).ThenBy(l => l.StartTime).ThenBy(l => l.Id);
}
