using CoursePortal.Data;

namespace CoursePortal.Courses;

/// <summary>Builds the dated schedule of a course: numbering, weeks, holidays, today and next.</summary>
public static class Schedule
{
    /// <summary>Lecture numbers in order of date; cancelled lectures take no number.</summary>
    public static Dictionary<int, int> Numbers(IEnumerable<Lecture> lectures) =>
        lectures.Where(l => l.Status == LectureStatus.Scheduled)
            .OrderBy(l => l.Date).ThenBy(l => l.StartTime).ThenBy(l => l.Id)
            .Select((l, i) => (l.Id, Number: i + 1))
            .ToDictionary(x => x.Id, x => x.Number);

    public static DateOnly MondayOf(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    public static int WeekNumber(DateOnly termStart, DateOnly date) =>
        (int)Math.Floor((MondayOf(date).DayNumber - MondayOf(termStart).DayNumber) / 7.0) + 1;

    /// <summary>
    /// The rows of the public schedule. <paramref name="materialsByLecture"/> holds only what the reader may
    /// see; <paramref name="nowUtc"/> decides which lecture is next.
    /// </summary>
    public static (IReadOnlyList<ScheduleWeek> Weeks, ScheduleRow? Next) Build(
        Course course,
        IEnumerable<Lecture> lectures,
        IEnumerable<Holiday> holidays,
        ILookup<int, MaterialLink> materialsByLecture,
        TimeZoneInfo zone,
        DateTime nowUtc)
    {
        var today = DateOnly.FromDateTime(CourseClock.ToLocal(nowUtc, zone));
        var lectureList = lectures.ToList();
        var numbers = Numbers(lectureList);

        var next = lectureList
            .Where(l => l.Status == LectureStatus.Scheduled && EndUtc(course, l, zone) > nowUtc)
            .OrderBy(l => l.Date).ThenBy(l => l.StartTime).ThenBy(l => l.Id)
            .FirstOrDefault();

        var rows = lectureList
            .Select(l => new ScheduleRow(
                l.Date, l, null, numbers.TryGetValue(l.Id, out var n) ? n : null,
                l.StartTime ?? course.MeetingStart, l.EndTime ?? course.MeetingEnd,
                string.IsNullOrWhiteSpace(l.Room) ? course.Location : l.Room,
                materialsByLecture[l.Id].ToList(), l.Date == today, l == next))
            .Concat(holidays.Select(h => new ScheduleRow(
                h.StartDate, null, h, null, null, null, "", [], h.Contains(today), false)))
            .OrderBy(r => r.Date).ThenBy(r => r.Start).ThenBy(r => r.Lecture?.Id ?? 0)
            .ToList();

        var weeks = rows
            .GroupBy(r => WeekNumber(course.TermStart, r.Date))
            .Select(g => new ScheduleWeek(g.Key, g.ToList()))
            .ToList();

        return (weeks, rows.FirstOrDefault(r => r.IsNext));
    }

    /// <summary>When a lecture ends; a lecture without any time counts until the end of its day.</summary>
    public static DateTime EndUtc(Course course, Lecture lecture, TimeZoneInfo zone) =>
        (lecture.EndTime ?? course.MeetingEnd) is { } end
            ? CourseClock.ToUtc(lecture.Date, end, zone)
            : CourseClock.ToUtc(lecture.Date.AddDays(1), TimeOnly.MinValue, zone);
}
