using CoursePortal.Data;

namespace CoursePortal.Courses;

/// <summary>
/// What looks wrong in a schedule, each with its date and reason: a lecture on a day the course does
/// not meet, on a holiday, outside the term, two on one day, or more than two weeks after the previous one with days
/// between that no holiday covers;
/// coursework due or held outside the term or on a holiday, an exam (<see cref="CourseworkKinds.IsExam"/>) during a lecture, two exams on one
/// day; a section that never meets in the
/// term. Findings about coursework and sections name them and link to their staff edit pages.
/// </summary>
public static class ScheduleCheck
{
    /// <summary>A finding; <paramref name="Date"/> is null for one about a section (it has weekdays, not a date).</summary>
    public sealed record Finding(DateOnly? Date, string Reason, int? LectureId, IReadOnlyList<Link>? Items = null)
    {
        /// <summary>The coursework items or section it is about, to name and link before the reason.</summary>
        public IReadOnlyList<Link> Subjects => Items ?? [];
    }

    /// <summary>A site-relative address ("/Staff/…") and the name to show on it.</summary>
    public sealed record Link(string Name, string Path);

    public static IReadOnlyList<Finding> Run(
        Course course,
        IEnumerable<Lecture> lectures,
        IEnumerable<Holiday> holidays,
        IEnumerable<CourseworkItem> coursework,
        IEnumerable<Section> sections)
    {
        var scheduled = lectures.Where(l => l.Status == LectureStatus.Scheduled).InScheduleOrder().ToList();
        var holidayList = holidays.ToList();
        var findings = new List<Finding>();

        foreach (var lecture in scheduled)
        {
            var date = lecture.Date;
            if (course.MeetingDays != Weekdays.None && !course.MeetingDays.HasFlag(Formats.ToFlag(date.DayOfWeek)))
            {
                findings.Add(new(date, $"a {Formats.DayName(date.DayOfWeek)}, not a meeting day (the course meets {Formats.Days(course.MeetingDays)})", lecture.Id));
            }

            if (holidayList.FirstOrDefault(h => h.Contains(date)) is { } holiday)
            {
                findings.Add(new(date, $"falls on a holiday ({holiday.Name})", lecture.Id));
            }

            if (OutsideTerm(course, date) is { } outside)
            {
                findings.Add(new(date, outside, lecture.Id));
            }
        }

        foreach (var day in scheduled.GroupBy(l => l.Date).Where(g => g.Count() > 1))
        {
            findings.Add(new(day.Key, $"{day.Count()} lectures on one day", day.First().Id));
        }

        for (var i = 1; i < scheduled.Count; i++)
        {
            var (previous, date) = (scheduled[i - 1].Date, scheduled[i].Date);
            var gap = date.DayNumber - previous.DayNumber;
            var uncovered = LongestStretchWithoutHoliday(previous, date, holidayList);
            if (uncovered > MaxGapDays)
            {
                var holidaysToo = uncovered < gap ? $", {uncovered} of them in a row without a holiday" : "";
                findings.Add(new(date, $"{gap} days after the previous lecture ({Formats.ShortDate(previous)}){holidaysToo}: a gap of more than two weeks", scheduled[i].Id));
            }
        }

        var items = coursework.InScheduleOrder().ToList();
        findings.AddRange(CheckCoursework(course, scheduled, holidayList, items));
        findings.AddRange(CheckSections(course, sections.InWeekOrder()));

        // Dated findings by date; those about sections (no date) last, in week order.
        return findings.OrderBy(f => f.Date is null).ThenBy(f => f.Date).ToList();
    }

    /// <summary>Lectures further apart than this are a finding, unless holidays cover the days between.</summary>
    public const int MaxGapDays = 14;

    /// <summary>
    /// The gap between two lectures as the schedule check counts it: the most days from one lecture or holiday
    /// day to the next, so a declared break does not count, while a single holiday in a long gap does not hide it.
    /// </summary>
    public static int LongestStretchWithoutHoliday(DateOnly previous, DateOnly next, IReadOnlyList<Holiday> holidays)
    {
        var longest = 0;
        var from = previous;
        for (var day = previous.AddDays(1); day <= next; day = day.AddDays(1))
        {
            if (day == next || holidays.Any(h => h.Contains(day)))
            {
                longest = Math.Max(longest, day.DayNumber - from.DayNumber);
                from = day;
            }
        }

        return longest;
    }

    private static IEnumerable<Finding> CheckCoursework(Course course, IReadOnlyList<Lecture> scheduled, IReadOnlyList<Holiday> holidays, IReadOnlyList<CourseworkItem> items)
    {
        var numbers = Schedule.Numbers(scheduled);
        foreach (var item in items)
        {
            if (OutsideTerm(course, item.Date) is { } outside)
            {
                yield return new(item.Date, (item.EndTime is null ? "due " : "held ") + outside, null, [LinkTo(course, item)]);
            }

            if (holidays.FirstOrDefault(h => h.Contains(item.Date)) is { } holiday)
            {
                yield return new(item.Date, $"{(item.EndTime is null ? "due" : "held")} on a holiday ({holiday.Name})", null, [LinkTo(course, item)]);
            }

            // Only an exam must keep clear of the lectures: an in-class quiz is held during one.
            if (item.EndTime is not { } end || !CourseworkKinds.IsExam(item.Kind))
            {
                continue;
            }

            foreach (var lecture in scheduled.Where(l => l.Date == item.Date))
            {
                // A lecture without a time (its own or the course's) may be at any hour of its day.
                var start = lecture.StartTime ?? course.MeetingStart ?? TimeOnly.MinValue;
                var finish = lecture.EndTime ?? course.MeetingEnd ?? TimeOnly.MaxValue;
                if (item.Time < finish && start < end)
                {
                    var timed = (lecture.StartTime ?? course.MeetingStart) is not null && (lecture.EndTime ?? course.MeetingEnd) is not null;
                    var hours = timed ? $" ({Formats.TimeRange(start, finish)})" : "";
                    yield return new(item.Date, $"held during Lecture {numbers[lecture.Id]}{hours}", lecture.Id, [LinkTo(course, item)]);
                }
            }
        }

        foreach (var day in items.Where(i => i.EndTime is not null && CourseworkKinds.IsExam(i.Kind)).GroupBy(i => i.Date).Where(g => g.Count() > 1))
        {
            yield return new(day.Key, $"{day.Count()} exams on one day", null, day.Select(i => LinkTo(course, i)).ToList());
        }
    }

    private static IEnumerable<Finding> CheckSections(Course course, IEnumerable<Section> sections)
    {
        foreach (var section in sections)
        {
            var link = new Link(section.Name, $"/Staff/Courses/{course.Id}/Sections/Edit/{section.Id}");
            if (section.Days == Weekdays.None)
            {
                yield return new(null, "meets on no weekday", null, [link]);
            }
            else if (MeetingPattern.Dates(course.TermStart, course.TermEnd, section.Days, []).Count == 0)
            {
                var days = string.Join(" or ", Formats.DaysOf(section.Days).Select(Formats.DayName));
                yield return new(null, $"never meets in the term: no {days} falls between "
                    + $"{Formats.ShortDateWithYear(course.TermStart)} and {Formats.ShortDateWithYear(course.TermEnd)}", null, [link]);
            }
        }
    }

    /// <summary>"before the term starts (…)" or "after the term ends (…)", or null for a date in the term.</summary>
    private static string? OutsideTerm(Course course, DateOnly date) =>
        date < course.TermStart ? $"before the term starts ({Formats.ShortDateWithYear(course.TermStart)})"
        : date > course.TermEnd ? $"after the term ends ({Formats.ShortDateWithYear(course.TermEnd)})"
        : null;

    private static Link LinkTo(Course course, CourseworkItem item) => new(item.Title, $"/Staff/Courses/{course.Id}/Coursework/Edit/{item.Id}");
}
