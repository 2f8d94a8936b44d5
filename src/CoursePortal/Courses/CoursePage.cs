using CoursePortal.Data;

namespace CoursePortal.Courses;

/// <summary>
/// Everything the public sees of one course at one moment, read once and shared by the page, the
/// JSON API, the calendar and the feed. <see cref="NextChangeUtc"/> is when it will look different
/// without any edit (a release, a publish time, the next lecture ending, midnight).
/// </summary>
public sealed record CoursePage(
    Course Course,
    TimeZoneInfo Zone,
    DateOnly Today,
    IReadOnlyList<StaffMember> Staff,
    IReadOnlyList<ScheduleWeek> Weeks,
    ScheduleRow? Next,
    IReadOnlyList<MaterialLink> CourseMaterials,
    IReadOnlyList<Announcement> Announcements,
    IReadOnlyList<CourseworkEntry> Coursework,
    IReadOnlyList<CourseworkEntry> ComingUp,
    IReadOnlyList<SectionEntry> Sections,
    DateTime NextChangeUtc,
    IReadOnlyList<Holiday> Holidays)
{
    public IEnumerable<ScheduleRow> Rows => Weeks.SelectMany(w => w.Rows);

    public IEnumerable<ScheduleRow> LectureRows => Rows.Where(r => r.Lecture is not null);

    /// <summary>Where "today" is in the schedule: today's row, else the first row after today; null once every date has passed.</summary>
    public ScheduleRow? TodayRow => Rows.FirstOrDefault(r => r.IsToday || r.Date >= Today);

    /// <summary>How many dated rows the whole schedule has.</summary>
    public int RowCount { get; } = Weeks.Sum(w => w.Rows.Count);

    /// <summary>Whether the course page shows only part of the schedule (see <see cref="Schedule.Window"/>).</summary>
    public bool HasLongSchedule => Schedule.IsLong(RowCount);

    /// <summary>The site-relative address of a schedule row: on the course page, or for a long schedule on the full schedule page.</summary>
    public string PathTo(ScheduleRow row) => Schedule.RowPath(Course.Slug, row.Anchor, HasLongSchedule);
}

/// <summary>One week of the schedule, counted from the week the term starts in.</summary>
public sealed record ScheduleWeek(int Number, IReadOnlyList<ScheduleRow> Rows);

/// <summary>
/// A dated row of the schedule: a lecture (maybe cancelled), a holiday, or a day with only coursework on it
/// (an exam or a deadline on a day without a lecture). <paramref name="Work"/> is the coursework of its date.
/// </summary>
public sealed record ScheduleRow(
    DateOnly Date,
    Lecture? Lecture,
    Holiday? Holiday,
    int? Number,
    TimeOnly? Start,
    TimeOnly? End,
    string Room,
    IReadOnlyList<MaterialLink> Materials,
    bool IsToday,
    bool IsNext,
    IReadOnlyList<CourseworkMark> Work)
{
    public bool IsCancelled => Lecture?.Status == LectureStatus.Cancelled;

    /// <summary>Fragment id, so that "#lecture-7" links work.</summary>
    public string Anchor => Number is { } n ? $"lecture-{n}" : $"day-{Date:yyyy-MM-dd}";
}

/// <summary>A material as a link: to the portal's stable file URL, or to an outside page.</summary>
public sealed record MaterialLink(int Id, string Title, MaterialKind Kind, string Href, string? FileName, long? Size, DateTime ReleasedAt)
{
    public bool IsExternal => Kind == MaterialKind.Link;

    /// <summary>"PDF, 2.1 MB" or "link".</summary>
    public string Details => DetailsOf(Kind, Size);

    /// <summary>What a material is and how big, as every public list and search result says it.</summary>
    public static string DetailsOf(MaterialKind kind, long? size) => kind == MaterialKind.Link ? "link"
        : size is { } bytes ? $"PDF, {Formats.FileSize(bytes)}" : "PDF";

    /// <summary>The words of its link on public pages, "Slides (PDF, 2.1 MB)": each file says what and how big it is.</summary>
    public string Text => $"{Title} ({Details})";
}

/// <summary>
/// A public coursework item as every output shows it: when it is due (or held) with the zone's offset, its public
/// materials, and the "changed" marker while it lives.
/// </summary>
public sealed record CourseworkEntry(CourseworkItem Item, DateTimeOffset DueAt, DateTimeOffset? EndsAt, IReadOnlyList<MaterialLink> Materials, CourseworkChange? Change)
{
    /// <summary>Held from a start to an end (an exam), rather than due at an instant.</summary>
    public bool IsHeld => EndsAt is not null;

    /// <summary>Fragment id on the course page, where its description and files are.</summary>
    public string Anchor => AnchorFor(Item.Id);

    public static string AnchorFor(int itemId) => $"coursework-{itemId}";
}

/// <summary>A coursework item on a schedule row: handed out that day (<paramref name="IsRelease"/>) or due or held then.</summary>
public sealed record CourseworkMark(CourseworkEntry Entry, bool IsRelease);

/// <summary>A section as the public sees it, with the names of the staff who lead it.</summary>
public sealed record SectionEntry(Section Section, IReadOnlyList<string> Leaders)
{
    /// <summary>Fragment id on the course page, for search results and links.</summary>
    public string Anchor => AnchorFor(Section.Id);

    public static string AnchorFor(int sectionId) => $"section-{sectionId}";
}
