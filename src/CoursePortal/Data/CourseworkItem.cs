namespace CoursePortal.Data;

/// <summary>
/// Something students hand in or sit (an assignment, exam, quiz, project): public from its release time, due (or held)
/// at a local date and time in the course's zone. An item with an end time is held then (an exam, in a room); one
/// without is a deadline. Staff pages, the course page, the calendar and the feeds come in later steps of issue 16.
/// </summary>
public class CourseworkItem : IVersioned, ICourseItem
{
    public const int KindMaxLength = 40;
    public const int TitleMaxLength = 200;
    public const int RoomMaxLength = 200;

    public int Id { get; set; }
    public int CourseId { get; set; }
    public Course? Course { get; set; }

    /// <summary>"Assignment", "Exam", "Quiz", "Project" (<see cref="CourseworkKinds"/>) or a label the staff type.</summary>
    public required string Kind { get; set; }

    public required string Title { get; set; }
    public string DescriptionMarkdown { get; set; } = "";

    /// <summary>Hidden from the public before this instant (UTC); null: public at once.</summary>
    public DateTime? ReleaseAt { get; set; }

    /// <summary>The local date it is due or held, in the course's zone.</summary>
    public DateOnly Date { get; set; }

    /// <summary>The local time it is due, or an exam's start.</summary>
    public TimeOnly Time { get; set; }

    /// <summary>An exam's end; set, the item is held from <see cref="Time"/> to this, not due.</summary>
    public TimeOnly? EndTime { get; set; }

    public string? Room { get; set; }

    /// <summary>The lecture it belongs to (its class day moves it in a term copy); kept as a course item when the lecture goes.</summary>
    public int? LectureId { get; set; }
    public Lecture? Lecture { get; set; }

    /// <summary>Order among items of one date, as staff arrange them.</summary>
    public int Position { get; set; }

    /// <summary>Raised when its time or room changes, for calendar clients (iCalendar SEQUENCE).</summary>
    public int Sequence { get; set; }

    /// <summary>What the due date, time and room were before a change made after release, and when (for the "changed" marker).</summary>
    public DateOnly? PreviousDate { get; set; }
    public TimeOnly? PreviousTime { get; set; }
    public string? PreviousRoom { get; set; }
    public DateTime? ChangedAt { get; set; }

    /// <summary>Its handouts, solutions and links.</summary>
    public List<Material> Materials { get; } = [];

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public Guid Version { get; set; }
}

/// <summary>The kinds the staff forms offer; any other label is allowed too.</summary>
public static partial class CourseworkKinds
{
    public const string Assignment = "Assignment";
    public const string Exam = "Exam";
    public const string Quiz = "Quiz";
    public const string Project = "Project";

    public static readonly string[] Suggested = [Assignment, Exam, Quiz, Project];

    /// <summary>
    /// Whether a kind staff chose or typed is an exam ("Exam", "Final exam", "Midterm", "Prelim 1", "Test 2"), by whole words:
    /// held at its own hours, so it must not clash with a lecture or another exam. An in-class quiz held during the lecture
    /// is not one, nor are "Worked examples".
    /// </summary>
    public static bool IsExam(string kind) => ExamWords().IsMatch(kind);

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(exams?|midterms?|finals?|prelims?|tests?)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex ExamWords();
}
