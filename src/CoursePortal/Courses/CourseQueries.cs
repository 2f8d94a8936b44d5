using CoursePortal.Data;
using CoursePortal.Terms;
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

    /// <summary>
    /// Published courses that pass <paramref name="filter"/>, newest term first (as <see cref="ListPublishedAsync"/>):
    /// in its term, in its department, and with every word of its query in the course's code, title or a staff name.
    /// </summary>
    public async Task<IReadOnlyList<Course>> FindPublishedAsync(CourseFilter filter, CancellationToken cancellationToken)
    {
        var courses = db.Courses.AsNoTracking().Include(c => c.Department).Where(c => c.IsPublished);
        if (filter.Term is { } term)
        {
            courses = courses.Where(c => c.TermName == term);
        }

        if (filter.Department is { } department)
        {
            courses = courses.Where(c => c.Department != null && c.Department.Code == department);
        }

        foreach (var word in (filter.Query ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(8))
        {
            // LIKE's wildcards in the words are taken out, not matched; lower() on both sides for PostgreSQL's case-sensitive LIKE.
            var pattern = "%" + word.Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToLowerInvariant() + "%";
#pragma warning disable CA1304, CA1311 // Translated to SQL lower(), not run in .NET.
            courses = courses.Where(c => EF.Functions.Like(c.Code.ToLower(), pattern) || EF.Functions.Like(c.Title.ToLower(), pattern)
                || c.Staff.Any(s => EF.Functions.Like(s.Name.ToLower(), pattern)));
#pragma warning restore CA1304, CA1311
        }

        return (await courses.ToListAsync(cancellationToken))
            .OrderByDescending(c => c.TermStart).ThenBy(c => c.Code, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>The terms and departments of published courses, for the front page's filter (newest term first).</summary>
    public async Task<(IReadOnlyList<string> Terms, IReadOnlyList<Department> Departments)> FilterChoicesAsync(CancellationToken cancellationToken)
    {
        var terms = (await db.Courses.AsNoTracking().Where(c => c.IsPublished).Select(c => new { c.TermName, c.TermStart }).ToListAsync(cancellationToken))
            .GroupBy(t => t.TermName).OrderByDescending(g => g.Max(t => t.TermStart)).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).ToList();
        var departments = await db.Departments.AsNoTracking().Where(d => db.Courses.Any(c => c.IsPublished && c.DepartmentId == d.Id))
            .OrderBy(d => d.Code).ToListAsync(cancellationToken);
        return (terms, departments);
    }

    /// <summary>
    /// Every published offering of the course code whose <see cref="CourseRules.CodeKey"/> is <paramref name="codeKey"/>,
    /// newest term first. The database narrows by the key's parts in order; the key itself decides.
    /// </summary>
    public async Task<IReadOnlyList<Course>> OfferingsAsync(string codeKey, CancellationToken cancellationToken)
    {
        var pattern = "%" + string.Join('%', codeKey.Split('-').Select(p => p.Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal))) + "%";
#pragma warning disable CA1304, CA1311 // Translated to SQL lower(), not run in .NET.
        var candidates = await db.Courses.AsNoTracking()
            .Where(c => c.IsPublished && EF.Functions.Like(c.Code.ToLower(), pattern))
#pragma warning restore CA1304, CA1311
            .ToListAsync(cancellationToken);
        return candidates.Where(c => CourseRules.CodeKey(c.Code) == codeKey)
            .OrderByDescending(c => c.TermStart).ThenBy(c => c.Slug, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The offering a code's address leads to: the one whose term is on today (in its own zone), else the next to
    /// start; null when there are several of those (sections with their own pages) or only past ones.
    /// </summary>
    public Course? CurrentOffering(IReadOnlyList<Course> offerings)
    {
        var notPast = offerings.Where(c => !IsPast(c)).ToList();
        var current = notPast.Where(c => clock.Today(CourseClock.Zone(c.TimeZoneId)) >= c.TermStart).ToList();
        if (current.Count > 0)
        {
            return current.Count == 1 ? current[0] : null;
        }

        var next = notPast.GroupBy(c => c.TermStart).OrderBy(g => g.Key).FirstOrDefault()?.ToList();
        return next is [var only] ? only : null;
    }

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
            .Include(c => c.Announcements.Where(a => a.PublishAt != null && a.PublishAt <= nowUtc))
            .SingleOrDefaultAsync(c => c.Slug == key && (c.IsPublished || includeUnpublished), cancellationToken);
        if (course is null)
        {
            return null;
        }

        var zone = CourseClock.Zone(course.TimeZoneId);
        var materials = await db.Materials.AsNoTracking()
            .Where(m => m.CourseId == course.Id).Where(MaterialVisibility.PublicAt(nowUtc))
            .InListOrder()
            .ToListAsync(cancellationToken);
        var links = materials.Select(m => (m.LectureId, m.CourseworkItemId, Link: ToLink(course.Slug, m))).ToList();
        var items = await db.CourseworkItems.AsNoTracking().Where(i => i.CourseId == course.Id).ToListAsync(cancellationToken);
        var itemLinks = links.Where(x => x.CourseworkItemId is not null).ToLookup(x => x.CourseworkItemId!.Value, x => x.Link);
        var coursework = items
            .Where(i => i.IsPublicAt(nowUtc))
            .InScheduleOrder()
            .Select(i => new CourseworkEntry(i, i.DueAt(zone), i.EndsAt(zone), itemLinks[i.Id].ToList(), i.ChangedMarker(nowUtc)))
            .ToList();
        var sections = await db.Sections.AsNoTracking().Where(x => x.CourseId == course.Id)
            .Include(x => x.Leaders).ThenInclude(l => l.StaffMember)
            .ToListAsync(cancellationToken);

        var holidays = await CourseHolidays.ForCourseAsync(db, course.Id, cancellationToken);
        var (weeks, next) = Schedule.Build(
            course, course.Lectures, holidays,
            links.Where(x => x.LectureId is not null && x.CourseworkItemId is null).ToLookup(x => x.LectureId!.Value, x => x.Link),
            coursework, zone, nowUtc);

        return new CoursePage(
            course,
            zone,
            clock.Today(zone),
            course.Staff.InListOrder().ToList(),
            weeks,
            next,
            links.Where(x => x.LectureId is null && x.CourseworkItemId is null).Select(x => x.Link).ToList(),
            course.Announcements.OrderByDescending(a => a.PublishAt).ToList(),
            coursework,
            Coursework.ComingUp(coursework.Select(e => e.Item), nowUtc, zone).Select(i => coursework.First(e => e.Item == i)).ToList(),
            sections.InWeekOrder().Select(SectionView).ToList(),
            await NextChangeAsync(course, next, items, zone, nowUtc, cancellationToken),
            holidays);
    }

    private static SectionEntry SectionView(Section section) =>
        new(section, section.LeaderNames());

    /// <summary>
    /// The earliest of: a material released, an announcement published or a coursework item released later, the next
    /// lecture's end, a coursework item entering or leaving "Coming up", a "changed" marker ending, local midnight.
    /// </summary>
    private async Task<DateTime> NextChangeAsync(Course course, ScheduleRow? next, IReadOnlyList<CourseworkItem> items, TimeZoneInfo zone, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var midnight = CourseClock.ToUtc(clock.Today(zone).AddDays(1), TimeOnly.MinValue, zone);
        // Both in one round trip.
        var later = await db.Courses.Where(c => c.Id == course.Id)
            .Select(c => new
            {
                Release = db.Materials.Where(m => m.CourseId == c.Id && !m.IsDraft && m.VisibleFrom > nowUtc).Min(m => m.VisibleFrom),
                Publish = db.Announcements.Where(a => a.CourseId == c.Id && a.PublishAt > nowUtc).Min(a => a.PublishAt),
            })
            .SingleAsync(cancellationToken);
        var (release, publish) = (later.Release, later.Publish);
        DateTime? lectureEnd = next?.Lecture is { } lecture ? Schedule.EndUtc(course, lecture, zone) : null;
        var coursework = items.SelectMany(i => Coursework.ChangesAt(i, zone)).Where(t => t > nowUtc).Cast<DateTime?>().DefaultIfEmpty(null).Min();
        return new[] { midnight, release, publish, lectureEnd, coursework }.OfType<DateTime>().Min();
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
