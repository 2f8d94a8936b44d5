using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Materials;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Staff.Courses.Materials;

/// <summary>
/// The lectures and coursework items of a course a material can belong to: the one "For" choice of the upload and edit
/// forms. <paramref name="Next"/> is the lecture students go to next (what a new upload is most likely for).
/// </summary>
public sealed record MaterialPlaces(IReadOnlyList<Lecture> Lectures, IReadOnlyList<CourseworkItem> Items, DateOnly TermStart, Lecture? Next)
{
    public static readonly MaterialPlaces None = new([], [], default, null);

    public static async Task<MaterialPlaces> LoadAsync(PortalDbContext db, Course course, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var lectures = await db.Lectures.AsNoTracking().Where(l => l.CourseId == course.Id).InScheduleOrder().ToListAsync(cancellationToken);
        var items = await db.CourseworkItems.AsNoTracking().Where(i => i.CourseId == course.Id).InScheduleOrder().ToListAsync(cancellationToken);
        return new(lectures, items, course.TermStart, Schedule.NextLecture(course, lectures, CourseClock.Zone(course.TimeZoneId), nowUtc));
    }

    /// <summary>Lecture numbers as the public schedule gives them (cancelled lectures have none).</summary>
    public IReadOnlyDictionary<int, int> Numbers { get; } = Schedule.Numbers(Lectures);

    /// <summary>The lectures by week of the term, as the public schedule groups them: a long term stays easy to scan.</summary>
    public IEnumerable<(string Week, IReadOnlyList<Lecture> Lectures)> LectureWeeks =>
        Lectures.GroupBy(l => Schedule.WeekNumber(TermStart, l.Date))
            .Select(g => (Schedule.WeekName(g.Key), (IReadOnlyList<Lecture>)g.ToList()));

    /// <summary>"Lecture 4 · Mon Sep 15, 2025: Generalization", "Cancelled · …" for a lecture that takes no number.</summary>
    public string Describe(Lecture lecture) =>
        $"{(Numbers.TryGetValue(lecture.Id, out var n) ? $"Lecture {n}" : "Cancelled")} \u00b7 {Formats.ShortDateWithYear(lecture.Date)}: {lecture.Topic}";

    /// <summary>The value a new upload starts with: the next lecture's, or the whole course when none is coming.</summary>
    public string Suggested => Next is { } next ? MaterialPlace.ValueOfLecture(next.Id) : "";

    /// <summary>The place a form value names, when it is of this course; null otherwise (<see cref="MaterialPlace.ChooseMessage"/>).</summary>
    public MaterialPlace? Find(string? value) => MaterialPlace.InCourse(value, Lectures.Select(l => l.Id), Items.Select(i => i.Id));
}

/// <summary>The "For" select: its field name, the value chosen, the places offered.</summary>
public sealed record MaterialForField(string Name, string? Selected, MaterialPlaces Places);
