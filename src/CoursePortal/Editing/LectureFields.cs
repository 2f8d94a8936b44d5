using System.ComponentModel.DataAnnotations;
using CoursePortal.Data;

namespace CoursePortal.Editing;

/// <summary>
/// The fields of a lecture that both its edit page and its row on the lectures page edit, with their rules and how
/// they are stored, so the two forms validate and save them the same way.
/// </summary>
public class LectureFields
{
    [Required, Display(Name = "Date")]
    public DateOnly? Date { get; set; }

    [Required, StringLength(300), Display(Name = "Topic")]
    public string Topic { get; set; } = "";

    [StringLength(200), Display(Name = "Room (if not the usual room)")]
    public string? Room { get; set; }

    [Display(Name = "Cancelled")]
    public bool IsCancelled { get; set; }

    public Guid Version { get; set; }

    /// <summary>Fills the fields from a stored lecture.</summary>
    public void CopyFrom(Lecture lecture)
    {
        Date = lecture.Date;
        Topic = lecture.Topic;
        Room = lecture.Room;
        IsCancelled = lecture.Status == LectureStatus.Cancelled;
        Version = lecture.Version;
    }

    /// <summary>Stores the (validated) fields; a lecture that is no longer cancelled loses its cancellation reason.</summary>
    public void ApplyTo(Lecture lecture)
    {
        lecture.Date = Date!.Value;
        lecture.Topic = Topic.Trim();
        lecture.Room = string.IsNullOrWhiteSpace(Room) ? null : Room.Trim();
        lecture.Status = IsCancelled ? LectureStatus.Cancelled : LectureStatus.Scheduled;
        if (!IsCancelled)
        {
            lecture.CancellationNote = "";
        }
    }
}
