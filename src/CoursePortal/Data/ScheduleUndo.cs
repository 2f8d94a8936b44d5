namespace CoursePortal.Data;

/// <summary>
/// The last bulk change of a course's lectures (several rows cancelled, moved, reordered…), with what each row held
/// before, so the lectures page can put it back while nobody has changed those rows since. One per course: a new
/// bulk change replaces it, and an undo removes it.
/// </summary>
public class ScheduleUndo
{
    public int Id { get; set; }
    public int CourseId { get; set; }
    public DateTime At { get; set; }
    public string UserName { get; set; } = "";

    /// <summary>What the change did, in words: "Moved 3 lectures 2 class days later".</summary>
    public string Description { get; set; } = "";

    /// <summary>The rows' earlier values and the versions the change left them at, as JSON (see <c>Editing.ScheduleEditor</c>).</summary>
    public string Steps { get; set; } = "";

    public const int DescriptionMaxLength = 300;
}
