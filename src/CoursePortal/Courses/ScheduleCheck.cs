using CoursePortal.Data;

namespace CoursePortal.Courses;

/// <summary>
/// What looks wrong in a schedule, each with its date and reason: a lecture on a day the course does
/// not meet, on a holiday, outside the term, two on one day, or more than two weeks after the previous one.
/// </summary>
public static class ScheduleCheck
{
    public sealed record Finding(DateOnly Date, string Reason, int? LectureId);

    public static IReadOnlyList<Finding> Run(Course course, IEnumerable<Lecture> lectures, IEnumerable<Holiday> holidays)
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

            if (date < course.TermStart)
            {
                findings.Add(new(date, $"before the term starts ({Formats.ShortDateWithYear(course.TermStart)})", lecture.Id));
            }
            else if (date > course.TermEnd)
            {
                findings.Add(new(date, $"after the term ends ({Formats.ShortDateWithYear(course.TermEnd)})", lecture.Id));
            }
        }

        foreach (var day in scheduled.GroupBy(l => l.Date).Where(g => g.Count() > 1))
        {
            findings.Add(new(day.Key, $"{day.Count()} lectures on one day", day.First().Id));
        }

        for (var i = 1; i < scheduled.Count; i++)
        {
            var gap = scheduled[i].Date.DayNumber - scheduled[i - 1].Date.DayNumber;
            if (gap > 14)
            {
                findings.Add(new(scheduled[i].Date, $"{gap} days after the previous lecture ({Formats.ShortDate(scheduled[i - 1].Date)}): a gap of more than two weeks", scheduled[i].Id));
            }
        }

        return findings.OrderBy(f => f.Date).ToList();
    }
}
