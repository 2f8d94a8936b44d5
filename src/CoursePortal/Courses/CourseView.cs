namespace CoursePortal.Courses;

/// <summary>
/// A course page to render, and where its links point: the live site or a static archive.
/// <paramref name="Window"/> is the part of a long schedule the page shows; without it, all of it.
/// </summary>
public sealed record CourseView(CoursePage Data, CourseLinks Links, ScheduleWindow? Window = null)
{
    public ScheduleWindow Shown => Window ?? new ScheduleWindow(Data.Weeks, 0, 0);
}

/// <summary>
/// Every link the course page makes. The live page links to the portal; the archive links to files
/// beside it, so it reads the same opened from disk or served by any web server.
/// </summary>
public sealed record CourseLinks(Func<MaterialLink, string> Material, string Subscribe, string CalendarDownload, string? Feed, string? CalendarAddress, string? Search = null, string? FullSchedule = null)
{
    /// <summary>Links of the static archive: materials/…, calendar.ics, all relative.</summary>
    public static CourseLinks Archive { get; } = new(
        m => m.IsExternal ? m.Href : ArchivePath(m),
        "calendar.ics",
        "calendar.ics",
        null,
        null);

    /// <summary>Where a material file sits inside the archive.</summary>
    public static string ArchivePath(MaterialLink m) => $"materials/{m.Id}-{Uri.EscapeDataString(m.FileName ?? "file.pdf")}";
}
