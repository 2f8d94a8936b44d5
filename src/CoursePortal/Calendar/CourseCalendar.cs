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
/// The course as an iCalendar subscription (RFC 5545, written by Ical.Net): every lecture an event,
/// every office hour a weekly event over the term without the holidays, all in the course's time
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

        foreach (var member in page.Staff)
        {
            foreach (var hour in member.OfficeHours)
            {
                if (OfficeHourEvent(course, page.Course.Holidays, member, hour, coursePage, page.Zone) is { } evt)
                {
                    calendar.Events.Add(evt);
                }
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

    private static CalendarEvent? OfficeHourEvent(Course course, IEnumerable<Holiday> holidays, StaffMember member, OfficeHour hour, string coursePage, TimeZoneInfo zone)
    {
        var first = course.TermStart;
        while (first.DayOfWeek != hour.Weekday)
        {
            first = first.AddDays(1);
        }

        if (first > course.TermEnd)
        {
            return null;
        }

        var evt = new CalendarEvent
        {
            Uid = $"officehour-{hour.Id}-{course.Slug}@course-portal",
            Summary = $"{course.Code} office hour: {member.Name}",
            Location = hour.Place,
            Description = $"{member.Name} ({member.Role}), {course.Code} {course.Title}.{(string.IsNullOrWhiteSpace(hour.Note) ? "" : " " + hour.Note)}\n\nCourse page: {coursePage}#staff",
            Url = new Uri($"{coursePage}#staff"),
            Status = "CONFIRMED",
            Sequence = hour.Sequence,
            DtStamp = new CalDateTime(hour.UpdatedAt, "UTC"),
            LastModified = new CalDateTime(hour.UpdatedAt, "UTC"),
            DtStart = new CalDateTime(first, hour.Start, course.TimeZoneId),
            DtEnd = new CalDateTime(first, hour.End, course.TimeZoneId),
        };

        // UNTIL is a UTC instant when DTSTART has a time zone (RFC 5545 3.3.10): the end of the term's last day.
        var until = CourseClock.ToUtc(course.TermEnd.AddDays(1), TimeOnly.MinValue, zone).AddSeconds(-1);
        evt.RecurrenceRule = new RecurrenceRule(FrequencyType.Weekly, 1) { Until = new CalDateTime(until, "UTC") };
        for (var day = first; day <= course.TermEnd; day = day.AddDays(7))
        {
            if (holidays.Any(h => h.Contains(day)))
            {
                evt.ExceptionDates.Add(new CalDateTime(day, hour.Start, course.TimeZoneId));
            }
        }

        return evt;
    }
}
