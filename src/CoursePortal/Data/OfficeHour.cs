namespace CoursePortal.Data;

/// <summary>A weekly office hour of one staff member, in the course's time zone.</summary>
public class OfficeHour : IVersioned
{
    public int Id { get; set; }
    public int StaffMemberId { get; set; }
    public StaffMember? StaffMember { get; set; }
    public DayOfWeek Weekday { get; set; }
    public TimeOnly Start { get; set; }
    public TimeOnly End { get; set; }
    public string Place { get; set; } = "";
    public string Note { get; set; } = "";

    /// <summary>Raised on every change, for calendar clients (iCalendar SEQUENCE).</summary>
    public int Sequence { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public Guid Version { get; set; }
}
