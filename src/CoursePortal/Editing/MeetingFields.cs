using System.ComponentModel.DataAnnotations;
using CoursePortal.Courses;
using CoursePortal.Data;

namespace CoursePortal.Editing;

/// <summary>The meeting pattern's form fields (days, start, end), shared by course information and term copy.</summary>
public class MeetingFields
{
    [Display(Name = "Meeting days")]
    public List<DayOfWeek> MeetingDays { get; set; } = [];

    [Display(Name = "Lectures start")]
    public TimeOnly? MeetingStart { get; set; }

    [Display(Name = "Lectures end")]
    public TimeOnly? MeetingEnd { get; set; }

    /// <summary>The checked days as the model stores them.</summary>
    public Weekdays Days => MeetingDays.Aggregate(Weekdays.None, (days, d) => days | Formats.ToFlag(d));

    /// <summary>Takes the pattern of <paramref name="course"/>.</summary>
    public void CopyFrom(Course course)
    {
        MeetingDays = Formats.DaysOf(course.MeetingDays).ToList();
        MeetingStart = course.MeetingStart;
        MeetingEnd = course.MeetingEnd;
    }
}
