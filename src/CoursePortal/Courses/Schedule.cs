using CoursePortal.Data;

namespace CoursePortal.Courses;

/// <summary>Builds the dated schedule of a course: numbering, weeks, holidays, today and next.</summary>
public static class Schedule
{
    /// <summary>Lecture numbers in order of date; cancelled lectures take no number.</summary>
    public static Dictionary<int, int> Numbers(IEnumerable<Lecture> lectures) =>
        lectures.Where(l => l.Status == LectureStatus.Scheduled)
            .InScheduleOrder()
            .Select((l, i) => (l.Id, Number: i + 1))
            .ToDictionary(x => x.Id, x => x.Number);

    /// <summary>The lecture students go to next: the first scheduled one that has not ended at <paramref name="nowUtc"/>.</summary>
    public static Lecture? NextLecture(Course course, IEnumerable<Lecture> lectures, TimeZoneInfo zone, DateTime nowUtc) =>
        lectures.Where(l => l.Status == LectureStatus.Scheduled && EndUtc(course, l, zone) > nowUtc)
            .InScheduleOrder()
            .FirstOrDefault();

    /// <summary>"Week 3", or "Before the term" for a date before the term's first week, as the schedule's headings say.</summary>
    public static string WeekName(int number) => number >= 1 ? $"Week {number}" : "Before the term";

    public static DateOnly MondayOf(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    public static int WeekNumber(DateOnly termStart, DateOnly date) =>
        (int)Math.Floor((MondayOf(date).DayNumber - MondayOf(termStart).DayNumber) / 7.0) + 1;

    /// <summary>
    /// The rows of the public schedule. <paramref name="materialsByLecture"/> and <paramref name="coursework"/> hold
    /// only what the reader may see; <paramref name="nowUtc"/> decides which lecture is next. Each coursework item
    /// goes on the row of its date (and, when it has a release time, "out" on the row of that date): the first
    /// lecture of the day, else the holiday starting that day, else a row of its own.
    /// </summary>
    public static (IReadOnlyList<ScheduleWeek> Weeks, ScheduleRow? Next) Build(
        Course course,
        IEnumerable<Lecture> lectures,
        IEnumerable<Holiday> holidays,
        ILookup<int, MaterialLink> materialsByLecture,
        IReadOnlyList<CourseworkEntry> coursework,
        TimeZoneInfo zone,
        DateTime nowUtc)
    {
        var today = DateOnly.FromDateTime(CourseClock.ToLocal(nowUtc, zone));
        var lectureList = lectures.ToList();
        var numbers = Numbers(lectureList);

        var next = NextLecture(course, lectureList, zone, nowUtc);

        var marks = coursework
            .SelectMany(e => e.Item.ReleaseAt is { } release
                ? new (DateOnly Date, CourseworkMark Mark)[] { (DateOnly.FromDateTime(CourseClock.ToLocal(release, zone)), new CourseworkMark(e, true)), (e.Item.Date, new CourseworkMark(e, false)) }
                : [(e.Item.Date, new CourseworkMark(e, false))])
            .OrderBy(m => m.Mark.IsRelease ? 0 : 1).ThenBy(m => m.Mark.IsRelease ? m.Mark.Entry.Item.ReleaseAt : m.Mark.Entry.DueAt.UtcDateTime)
            .ThenBy(m => m.Mark.Entry.Item.Position).ThenBy(m => m.Mark.Entry.Item.Id)
            .ToLookup(m => m.Date, m => m.Mark);

        var rows = lectureList
            .Select(l => new ScheduleRow(
                l.Date, l, null, numbers.TryGetValue(l.Id, out var n) ? n : null,
                l.StartTime ?? course.MeetingStart, l.EndTime ?? course.MeetingEnd,
                string.IsNullOrWhiteSpace(l.Room) ? course.Location : l.Room,
                materialsByLecture[l.Id].ToList(), l.Date == today, l == next, []))
            .Concat(holidays.Select(h => new ScheduleRow(
                h.StartDate, null, h, null, null, null, "", [], h.Contains(today), false, [])))
            .OrderBy(r => r.Date).ThenBy(r => r.Start).ThenBy(r => r.Lecture?.Id ?? 0)
            .ToList();

        // The first row of each date takes that date's coursework; a date without one gets a row of its own.
        var firstOfDate = rows.Select((r, i) => (r.Date, i)).DistinctBy(x => x.Date).ToDictionary(x => x.Date, x => x.i);
        foreach (var date in marks.Select(g => g.Key))
        {
            if (firstOfDate.TryGetValue(date, out var i))
            {
                rows[i] = rows[i] with { Work = marks[date].ToList() };
            }
            else
            {
                rows.Add(new ScheduleRow(date, null, null, null, null, null, "", [], date == today, false, marks[date].ToList()));
            }
        }

        rows = rows.OrderBy(r => r.Date).ThenBy(r => r.Start).ThenBy(r => r.Lecture?.Id ?? 0).ToList();

        var weeks = rows
            .GroupBy(r => WeekNumber(course.TermStart, r.Date))
            .Select(g => new ScheduleWeek(g.Key, g.ToList()))
            .ToList();

        return (weeks, rows.FirstOrDefault(r => r.IsNext));
    }

    /// <summary>A schedule longer than this many rows is shown on the course page as a window around the next lecture.</summary>
    public const int LongScheduleRows = 60;

    public static bool IsLong(int rows) => rows > LongScheduleRows;

    /// <summary>The site-relative address of a schedule row: on the course page, or for a long schedule on the whole-schedule page.</summary>
    public static string RowPath(string slug, string anchor, bool longSchedule) =>
        longSchedule ? $"{slug}/schedule#{anchor}" : $"{slug}#{anchor}";

    /// <summary>About how many rows the window of a long schedule shows (whole weeks).</summary>
    public const int WindowRows = 30;

    /// <summary>
    /// What the course page shows of the schedule: all of it, or for a long one whole weeks from the week
    /// before the next lecture's (without a next lecture, before the first week with a date from today
    /// on; the last weeks after the term) to about <see cref="WindowRows"/> rows. It moves only when the
    /// next lecture or the date does, changes the page already expects.
    /// </summary>
    public static ScheduleWindow Window(CoursePage page)
    {
        var weeks = page.Weeks;
        if (!page.HasLongSchedule)
        {
            return new ScheduleWindow(weeks, 0, 0);
        }


        // The next lecture's week; without one (the rest cancelled, or the term over), the first week with a date from today on.
        var anchor = page.Next is { } next ? IndexOfWeek(weeks, next) : FirstWeekFrom(weeks, page.Today);
        var first = Math.Max(0, anchor - 1);
        var last = first - 1;
        var rows = 0;
        while (last < anchor || (last + 1 < weeks.Count && rows < WindowRows))
        {
            rows += weeks[++last].Rows.Count;
        }

        while (first > 0 && rows < WindowRows)
        {
            rows += weeks[--first].Rows.Count;
        }

        var earlier = weeks.Take(first).Sum(w => w.Rows.Count);
        return new ScheduleWindow(weeks.Skip(first).Take(last - first + 1).ToList(), earlier, page.RowCount - earlier - rows);
    }

    private static int FirstWeekFrom(IReadOnlyList<ScheduleWeek> weeks, DateOnly today)
    {
        for (var i = 0; i < weeks.Count; i++)
        {
            if (weeks[i].Rows[^1].Date >= today)
            {
                return i;
            }
        }

        return weeks.Count - 1;
    }

    private static int IndexOfWeek(IReadOnlyList<ScheduleWeek> weeks, ScheduleRow row)
    {
        for (var i = 0; i < weeks.Count; i++)
        {
            if (weeks[i].Rows.Contains(row))
            {
                return i;
            }
        }

        return 0;
    }

    /// <summary>When a lecture ends; a lecture without any time counts until the end of its day.</summary>
    public static DateTime EndUtc(Course course, Lecture lecture, TimeZoneInfo zone) =>
        (lecture.EndTime ?? course.MeetingEnd) is { } end
            ? CourseClock.ToUtc(lecture.Date, end, zone)
            : CourseClock.ToUtc(lecture.Date.AddDays(1), TimeOnly.MinValue, zone);
}

/// <summary>The weeks of the schedule a page shows, and how many rows come before and after them.</summary>
public sealed record ScheduleWindow(IReadOnlyList<ScheduleWeek> Weeks, int EarlierRows, int LaterRows)
{
    public bool IsPartial => EarlierRows + LaterRows > 0;

    /// <summary>"weeks 14–28" (or "week 14"), as the week headings number them.</summary>
    public string WeekRange => Weeks.Count == 0 ? ""
        : Weeks.Count == 1 ? $"week {WeekName(Weeks[0].Number)}"
        : $"weeks {WeekName(Weeks[0].Number)}–{WeekName(Weeks[^1].Number)}";

    private static string WeekName(int number) => number >= 1 ? number.ToString(System.Globalization.CultureInfo.InvariantCulture) : "before the term";

    public int ShownRows => Weeks.Sum(w => w.Rows.Count);
}
