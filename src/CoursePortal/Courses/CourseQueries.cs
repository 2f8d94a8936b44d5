using CoursePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Courses;

/// <summary>The public side's reads: the course list and one course page.</summary>
public sealed class CourseQueries(PortalDbContext db, TimeProvider clock)
{
    /// <summary>Published courses, newest term first.</summary>
    public async Task<IReadOnlyList<Course>> ListPublishedAsync(CancellationToken cancellationToken) =>
        (await db.Courses.AsNoTracking()
            .Where(c => c.IsPublished)
            .ToListAsync(cancellationToken))
        .OrderByDescending(c => c.TermStart).ThenBy(c => c.Code, StringComparer.OrdinalIgnoreCase)
        .ToList();

    /// <summary>Whether a course's term has ended, judged in the course's own time zone.</summary>
    public bool IsPast(Course course) => clock.Today(CourseClock.Zone(course.TimeZoneId)) > course.TermEnd;

    /// <summary>
    /// The public page of a published course, or null when there is none under that slug.
    /// <paramref name="includeUnpublished"/> lets staff tools (the archive) see a course before it is published.
    /// </summary>
    public async Task<CoursePage?> GetPublicPageAsync(string slug, CancellationToken cancellationToken, bool includeUnpublished = false)
    {
        var nowUtc = clock.GetUtcNow().UtcDateTime;
        var key = slug.ToLowerInvariant();
        var course = await db.Courses.AsNoTracking().AsSplitQuery()
            .Include(c => c.Staff).ThenInclude(s => s.OfficeHours)
            .Include(c => c.Lectures)
            .Include(c => c.Holidays)
            .Include(c => c.Materials.Where(m => !m.IsDraft && (m.VisibleFrom == null || m.VisibleFrom <= nowUtc)))
            .Include(c => c.Announcements.Where(a => a.PublishAt != null && a.PublishAt <= nowUtc))
            .SingleOrDefaultAsync(c => c.Slug == key && (c.IsPublished || includeUnpublished), cancellationToken);
        if (course is null)
        {
            return null;
        }

        var zone = CourseClock.Zone(course.TimeZoneId);
        var links = course.Materials
            .OrderBy(m => m.SortOrder).ThenBy(m => m.Id)
            .Select(m => (m.LectureId, Link: ToLink(course.Slug, m)))
            .ToList();
        var (weeks, next) = Schedule.Build(
            course, course.Lectures, course.Holidays,
            links.Where(x => x.LectureId is not null).ToLookup(x => x.LectureId!.Value, x => x.Link),
            zone, nowUtc);

        return new CoursePage(
            course,
            zone,
            clock.Today(zone),
            course.Staff.OrderBy(s => s.SortOrder).ThenBy(s => s.Id).ToList(),
            weeks,
            next,
            links.Where(x => x.LectureId is null).Select(x => x.Link).ToList(),
            course.Announcements.OrderByDescending(a => a.PublishAt).ToList(),
            await NextChangeAsync(course, next, zone, nowUtc, cancellationToken));
    }

    /// <summary>The earliest of: a material released or an announcement published later, the next lecture's end, local midnight.</summary>
    private async Task<DateTime> NextChangeAsync(Course course, ScheduleRow? next, TimeZoneInfo zone, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var midnight = CourseClock.ToUtc(clock.Today(zone).AddDays(1), TimeOnly.MinValue, zone);
        var release = await db.Materials.Where(m => m.CourseId == course.Id && !m.IsDraft && m.VisibleFrom > nowUtc)
            .MinAsync(m => m.VisibleFrom, cancellationToken);
        var publish = await db.Announcements.Where(a => a.CourseId == course.Id && a.PublishAt > nowUtc)
            .MinAsync(a => a.PublishAt, cancellationToken);
        DateTime? lectureEnd = next?.Lecture is { } lecture ? Schedule.EndUtc(course, lecture, zone) : null;
        return new[] { midnight, release, publish, lectureEnd }.OfType<DateTime>().Min();
    }

    /// <summary>When the course list will look different by itself: the next local midnight of any of its courses.</summary>
    public DateTime ListNextChangeUtc(IEnumerable<Course> courses) =>
        courses.Select(c => CourseClock.Zone(c.TimeZoneId))
            .Select(zone => CourseClock.ToUtc(clock.Today(zone).AddDays(1), TimeOnly.MinValue, zone))
            .DefaultIfEmpty(clock.GetUtcNow().UtcDateTime.AddHours(1))
            .Min();

    /// <summary>A file's stable public path (relative to the site root), or a link's own URL.</summary>
    public static MaterialLink ToLink(string slug, Material m) => m.Kind == MaterialKind.Link
        ? new MaterialLink(m.Id, m.Title, m.Kind, m.Url ?? "", null, null, m.VisibleFrom ?? m.CreatedAt)
        : new MaterialLink(m.Id, m.Title, m.Kind, FilePath(slug, m.Id, m.FileName), m.FileName, m.FileSize, m.VisibleFrom ?? m.CreatedAt);

    public static string FilePath(string slug, int materialId, string? fileName) =>
        $"{slug}/materials/{materialId}/{Uri.EscapeDataString(string.IsNullOrEmpty(fileName) ? "file.pdf" : fileName)}";
}
