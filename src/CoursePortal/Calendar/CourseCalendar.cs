using System.Globalization;
using System.Text;
using CoursePortal.Courses;
using CoursePortal.Data;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace CoursePortal.Calendar;

/// <summary>
/// The course as an iCalendar subscription (RFC 5545, written by Ical.Net): every lecture an event, every
/// public deadline an event at its due time and every exam one from its start to its end in its room, every
/// office hour and section a weekly event over the term without the holidays, all in the course's time
/// zone with its VTIMEZONE. UIDs never change; SEQUENCE rises with every edit, so calendar apps replace
/// what changed.
/// </summary>
public static class CourseCalendar
{
    public static string Write(CoursePage page, string siteRoot)
    {
        var course = page.Course;
        var tz = course.TimeZoneId;
        var coursePage = siteRoot + course.Slug;
        var calendar = new Ical.Net.Calendar { ProductId = "-//Course Portal//Course calendar//EN", Method = "PUBLISH" };
        calendar.AddProperty("X-WR-CALNAME", $"{course.Code} {course.Title} ({course.TermName})");
        calendar.AddProperty("X-WR-TIMEZONE", tz);
        calendar.AddTimeZone(tz, course.TermStart.AddMonths(-1).ToDateTime(TimeOnly.MinValue), includeHistoricalData: false);

        foreach (var row in page.LectureRows)
        {
            calendar.Events.Add(LectureEvent(course, row, siteRoot + page.PathTo(row), siteRoot));
        }

        foreach (var entry in page.Coursework)
        {
            calendar.Events.Add(CourseworkEvent(course, entry, siteRoot));
        }

        foreach (var member in page.Staff)
        {
            foreach (var hour in member.OfficeHours)
            {
                var evt = new CalendarEvent
                {
                    Uid = $"officehour-{hour.Id}-{course.Slug}@course-portal",
                    Summary = $"{course.Code} office hour: {member.Name}",
                    Location = hour.Place,
                    Description = $"{member.Name} ({member.Role}), {course.Code} {course.Title}.{(string.IsNullOrWhiteSpace(hour.Note) ? "" : " " + hour.Note)}\n\nCourse page: {coursePage}#staff",
                    Url = new Uri($"{coursePage}#staff"),
                    Sequence = hour.Sequence,
                    DtStamp = new CalDateTime(hour.UpdatedAt, "UTC"),
                    LastModified = new CalDateTime(hour.UpdatedAt, "UTC"),
                };
                if (Weekly(evt, page, Formats.ToFlag(hour.Weekday), hour.Start, hour.End))
                {
                    calendar.Events.Add(evt);
                }
            }
        }

        foreach (var (section, leaders) in page.Sections.Select(x => (x.Section, x.Leaders)))
        {
            var evt = new CalendarEvent
            {
                Uid = $"section-{section.Id}-{course.Slug}@course-portal",
                Summary = $"{course.Code} {section.Name}",
                Location = section.Room,
                Description = $"{section.Name}, {course.Code} {course.Title}.{(leaders.Count > 0 ? " Led by " + string.Join(", ", leaders) + "." : "")}"
                    + $"{(string.IsNullOrWhiteSpace(section.Note) ? "" : " " + section.Note)}\n\nCourse page: {coursePage}#sections",
                Url = new Uri($"{coursePage}#sections"),
                Sequence = section.Sequence,
                DtStamp = new CalDateTime(section.UpdatedAt, "UTC"),
                LastModified = new CalDateTime(section.UpdatedAt, "UTC"),
            };
            if (Weekly(evt, page, section.Days, section.StartTime, section.EndTime))
            {
                calendar.Events.Add(evt);
            }
        }

        // iCalendar text may not hold control characters (RFC 5545, 3.3.11) that older data may still have.
        return Editing.TextRules.Clean(new CalendarSerializer().SerializeToString(calendar));
    }

    private static CalendarEvent LectureEvent(Course course, ScheduleRow row, string rowUrl, string siteRoot)
    {
        var lecture = row.Lecture!;
        var cancelled = lecture.Status == LectureStatus.Cancelled;
        var label = row.Number is { } n ? $"Lecture {n}: " : "";
        var description = new StringBuilder();
        description.AppendLine(CultureInfo.InvariantCulture, $"{course.Code} {course.Title}, {course.TermName}");
        if (cancelled)
        {
            description.AppendLine(CultureInfo.InvariantCulture, $"Cancelled{(string.IsNullOrWhiteSpace(lecture.CancellationNote) ? "" : ": " + lecture.CancellationNote)}");
        }

        if (!string.IsNullOrWhiteSpace(lecture.NotesMarkdown))
        {
            description.AppendLine().AppendLine(lecture.NotesMarkdown.Trim());
        }

        foreach (var material in row.Materials)
        {
            description.AppendLine(CultureInfo.InvariantCulture, $"{material.Title}: {(material.IsExternal ? material.Href : siteRoot + material.Href)}");
        }

        description.AppendLine().Append(CultureInfo.InvariantCulture, $"Course page: {rowUrl}");

        var evt = new CalendarEvent
        {
            Uid = $"lecture-{lecture.Id}-{course.Slug}@course-portal",
            Summary = $"{(cancelled ? "Cancelled: " : "")}{course.Code} {label}{lecture.Topic}",
            Location = row.Room,
            Description = description.ToString(),
            Url = new Uri(rowUrl),
            Status = cancelled ? "CANCELLED" : "CONFIRMED",
            Sequence = lecture.Sequence,
            DtStamp = new CalDateTime(lecture.UpdatedAt, "UTC"),
            LastModified = new CalDateTime(lecture.UpdatedAt, "UTC"),
        };

        if (row.Start is { } start && row.End is { } end)
        {
            evt.DtStart = new CalDateTime(row.Date, start, course.TimeZoneId);
            evt.DtEnd = new CalDateTime(row.Date, end, course.TimeZoneId);
        }
        else
        {
            evt.DtStart = new CalDateTime(row.Date);
            evt.DtEnd = new CalDateTime(row.Date.AddDays(1));
        }

        return evt;
    }

    private static CalendarEvent CourseworkEvent(Course course, CourseworkEntry entry, string siteRoot)
    {
        var item = entry.Item;
        var url = $"{siteRoot}{course.Slug}#{entry.Anchor}";
        var description = new StringBuilder();
        description.AppendLine(CultureInfo.InvariantCulture, $"{item.Kind}, {course.Code} {course.Title}, {course.TermName}");
        if (!string.IsNullOrWhiteSpace(item.DescriptionMarkdown))
        {
            description.AppendLine().AppendLine(item.DescriptionMarkdown.Trim());
        }

        foreach (var material in entry.Materials)
        {
            description.AppendLine(CultureInfo.InvariantCulture, $"{material.Title}: {(material.IsExternal ? material.Href : siteRoot + material.Href)}");
        }

        description.AppendLine().Append(CultureInfo.InvariantCulture, $"Course page: {url}");
        var due = new CalDateTime(item.Date, item.Time, course.TimeZoneId);
        return new CalendarEvent
        {
            Uid = $"coursework-{item.Id}-{course.Slug}@course-portal",
            // A deadline is an instant: an event that starts and ends at the due time, as learning systems publish them.
            Summary = item.EndTime is null ? $"{course.Code} due: {item.Title}" : $"{course.Code} {item.Kind}: {item.Title}",
            Location = item.Room,
            Description = description.ToString(),
            Url = new Uri(url),
            Status = "CONFIRMED",
            Sequence = item.Sequence,
            DtStamp = new CalDateTime(item.UpdatedAt, "UTC"),
            LastModified = new CalDateTime(item.UpdatedAt, "UTC"),
            DtStart = due,
            DtEnd = item.EndTime is { } end ? new CalDateTime(item.Date, end, course.TimeZoneId) : due,
        };
    }

    /// <summary>
    /// Makes <paramref name="evt"/> meet on <paramref name="days"/> every week of the term, from its first such day,
    /// without the holidays; false when none of those days falls in the term.
    /// </summary>
    private static bool Weekly(CalendarEvent evt, CoursePage page, Weekdays days, TimeOnly start, TimeOnly end)
    {
        var (course, zone) = (page.Course, page.Zone);
        var first = course.TermStart;
        while (first <= course.TermEnd && !days.HasFlag(Formats.ToFlag(first.DayOfWeek)))
        {
            first = first.AddDays(1);
        }

        if (days == Weekdays.None || first > course.TermEnd)
        {
            return false;
        }

        evt.Status = "CONFIRMED";
        evt.DtStart = new CalDateTime(first, start, course.TimeZoneId);
        evt.DtEnd = new CalDateTime(first, end, course.TimeZoneId);
        // UNTIL is a UTC instant when DTSTART has a time zone (RFC 5545 3.3.10): the end of the term's last day.
        var until = CourseClock.ToUtc(course.TermEnd.AddDays(1), TimeOnly.MinValue, zone).AddSeconds(-1);
        var rule = new RecurrenceRule(FrequencyType.Weekly, 1) { Until = new CalDateTime(until, "UTC") };
        foreach (var day in Formats.DaysOf(days))
        {
            rule.ByDay.Add(new WeekDay(day));
        }

        evt.RecurrenceRule = rule;
        for (var day = first; day <= course.TermEnd; day = day.AddDays(1))
        {
            if (days.HasFlag(Formats.ToFlag(day.DayOfWeek)) && page.Holidays.Any(h => h.Contains(day)))
            {
                evt.ExceptionDates.Add(new CalDateTime(day, start, course.TimeZoneId));
            }
        }

        return true;
    }
}
