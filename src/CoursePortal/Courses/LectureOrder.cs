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

/// <summary>
/// The one order of a course's coursework (by date, time, then as staff arranged them) and of its sections (by
/// their first weekday, start time, name), for every page, export, copy and check.
/// </summary>
public static class CourseworkOrder
{
    public static IOrderedEnumerable<CourseworkItem> InScheduleOrder(this IEnumerable<CourseworkItem> items) =>
        items.OrderBy(i => i.Date).ThenBy(i => i.Time).ThenBy(i => i.Position).ThenBy(i => i.Id);

    public static IOrderedQueryable<CourseworkItem> InScheduleOrder(this IQueryable<CourseworkItem> items) =>
        items.OrderBy(i => i.Date).ThenBy(i => i.Time).ThenBy(i => i.Position).ThenBy(i => i.Id);

    public static IOrderedEnumerable<Section> InWeekOrder(this IEnumerable<Section> sections) =>
        sections.OrderBy(s => (int)s.Days & -(int)s.Days).ThenBy(s => s.StartTime).ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase).ThenBy(s => s.Id);
}

/// <summary>The order staff are listed in everywhere (the course page, section leaders, staff pages, export, copy): as staff arranged them.</summary>
public static class StaffOrder
{
    public static IOrderedEnumerable<StaffMember> InListOrder(this IEnumerable<StaffMember> staff) =>
        staff.OrderBy(s => s.SortOrder).ThenBy(s => s.Id);

    public static IOrderedQueryable<StaffMember> InListOrder(this IQueryable<StaffMember> staff) =>
        staff.OrderBy(s => s.SortOrder).ThenBy(s => s.Id);

    /// <summary>The names of the staff who lead the section (its leaders loaded with their staff member), in list order.</summary>
    public static IReadOnlyList<string> LeaderNames(this Section section) =>
        section.Leaders.Select(l => l.StaffMember).OfType<StaffMember>().InListOrder().Select(s => s.Name).ToList();
}

/// <summary>The order a list of materials is shown in (the course page, staff lists, a lecture's or an item's materials): as staff arranged them.</summary>
public static class MaterialOrder
{
    public static IOrderedQueryable<Material> InListOrder(this IQueryable<Material> materials) =>
        materials.OrderBy(m => m.SortOrder).ThenBy(m => m.Id);
}
