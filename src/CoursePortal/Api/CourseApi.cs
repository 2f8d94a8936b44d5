using CoursePortal.Caching;
using CoursePortal.Courses;
using CoursePortal.Data;

namespace CoursePortal.Api;

/// <summary>Read-only JSON of everything public, so other tools can use the schedule.</summary>
public static class CourseApi
{
    public static IEndpointRouteBuilder MapCourseApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/courses").CacheOutput(PublicCache.Policy);
        api.MapGet("/", ListAsync);
        api.MapGet("/{slug:slug}", GetAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(CourseQueries queries, PublicCache cache, HttpRequest request, CancellationToken cancellationToken)
    {
        var root = SiteRoot(request);
        var courses = await queries.ListPublishedAsync(cancellationToken);
        PublicCache.Tag(request.HttpContext, PublicCache.ListTag);
        cache.ExpireAt(PublicCache.ListTag, queries.ListNextChangeUtc(courses));
        return Results.Ok(courses.Select(c => new CourseListItem(
            c.Slug, c.Code, c.Title, c.TermName, c.TermStart, c.TermEnd, c.TimeZoneId, queries.IsPast(c),
            root + c.Slug, root + "api/courses/" + c.Slug)));
    }

    private static async Task<IResult> GetAsync(string slug, CourseQueries queries, PublicCache cache, HttpRequest request, CancellationToken cancellationToken)
    {
        if (slug.Length > 64)
        {
            return Results.NotFound();
        }

        var page = await queries.GetPublicPageAsync(slug, cancellationToken);
        if (page is null)
        {
            return Results.NotFound();
        }

        cache.CacheCourse(request.HttpContext, page);
        var root = SiteRoot(request);
        var c = page.Course;
        return Results.Ok(new CourseDetail(
            c.Slug, c.Code, c.Title, c.TermName, c.TermStart, c.TermEnd, c.TimeZoneId, c.Location,
            Formats.DaysOf(c.MeetingDays).ToList(), c.MeetingStart, c.MeetingEnd,
            c.DescriptionMarkdown, c.PrerequisitesMarkdown, root + c.Slug,
            page.Staff.Select(s => new StaffItem(s.Name, s.Role, s.Email,
                s.OfficeHours.OrderBy(o => (int)o.Weekday).ThenBy(o => o.Start)
                    .Select(o => new OfficeHourItem(o.Weekday, o.Start, o.End, o.Place, o.Note)).ToList())).ToList(),
            page.Holidays.Select(h => new HolidayItem(h.Name, h.StartDate, h.EndDate)).ToList(),
            page.LectureRows.Select(r => new LectureItem(
                r.Lecture!.Id, r.Number, r.Date,
                r.Start is { } s ? Instant(r.Date, s, page.Zone) : null,
                r.End is { } e ? Instant(r.Date, e, page.Zone) : null,
                r.Room, r.Lecture.Topic, r.Lecture.NotesMarkdown, r.Lecture.Status, r.Lecture.CancellationNote,
                r.Materials.Select(m => Item(m, root)).ToList(), root + page.PathTo(r))).ToList(),
            page.CourseMaterials.Select(m => Item(m, root)).ToList(),
            page.Announcements.Select(a => new AnnouncementItem(a.Id, a.Title, a.BodyMarkdown, a.PublishAt!.Value)).ToList(),
            page.Coursework.Select(e => new CourseworkJson(
                e.Item.Id, e.Item.Kind, e.Item.Title, e.Item.DescriptionMarkdown,
                e.Item.ReleaseAt is { } release ? new DateTimeOffset(release, TimeSpan.Zero) : null,
                e.DueAt, e.EndsAt, e.Item.Room, e.Item.LectureId,
                e.Change is { } change ? new CourseworkChangeJson(
                    change.OldDate is { } oldDate && change.OldTime is { } oldTime ? Instant(oldDate, oldTime, page.Zone) : null,
                    change.OldRoom, new DateTimeOffset(e.Item.ChangedAt!.Value, TimeSpan.Zero)) : null,
                e.Materials.Select(m => Item(m, root)).ToList(), root + c.Slug + "#" + e.Anchor)).ToList(),
            page.Sections.Select(x => new SectionJson(
                x.Section.Id, x.Section.Name, Formats.DaysOf(x.Section.Days).ToList(), x.Section.StartTime, x.Section.EndTime,
                x.Section.Room, x.Leaders, x.Section.Note)).ToList()));
    }

    /// <summary>The absolute URL of the site root, with a trailing slash.</summary>
    public static string SiteRoot(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}/";

    private static DateTimeOffset Instant(DateOnly date, TimeOnly time, TimeZoneInfo zone) => CourseClock.ToInstant(date, time, zone);

    private static MaterialItem Item(MaterialLink m, string root) =>
        new(m.Id, m.Title, m.Kind, m.IsExternal ? m.Href : root + m.Href, m.FileName, m.Size);

    public sealed record CourseListItem(string Slug, string Code, string Title, string Term, DateOnly TermStart, DateOnly TermEnd,
        string TimeZone, bool IsPast, string Url, string ApiUrl);

    public sealed record CourseDetail(string Slug, string Code, string Title, string Term, DateOnly TermStart, DateOnly TermEnd,
        string TimeZone, string Location, IReadOnlyList<DayOfWeek> MeetingDays, TimeOnly? MeetingStart, TimeOnly? MeetingEnd,
        string Description, string Prerequisites, string Url, IReadOnlyList<StaffItem> Staff, IReadOnlyList<HolidayItem> Holidays,
        IReadOnlyList<LectureItem> Lectures, IReadOnlyList<MaterialItem> Materials, IReadOnlyList<AnnouncementItem> Announcements,
        IReadOnlyList<CourseworkJson> Coursework, IReadOnlyList<SectionJson> Sections);

    /// <summary>
    /// A public coursework item. <paramref name="Due"/> is when a deadline is due or an exam starts (with the course
    /// zone's offset on that date); <paramref name="End"/> is an exam's end, null for a deadline.
    /// </summary>
    public sealed record CourseworkJson(int Id, string Kind, string Title, string Description, DateTimeOffset? ReleasedAt,
        DateTimeOffset Due, DateTimeOffset? End, string? Room, int? LectureId, CourseworkChangeJson? Changed,
        IReadOnlyList<MaterialItem> Materials, string Url);

    /// <summary>What a due time or room was before a change made after release; present for 7 days after the change.</summary>
    public sealed record CourseworkChangeJson(DateTimeOffset? PreviousDue, string? PreviousRoom, DateTimeOffset ChangedAt);

    public sealed record SectionJson(int Id, string Name, IReadOnlyList<DayOfWeek> Days, TimeOnly Start, TimeOnly End, string? Room,
        IReadOnlyList<string> Leaders, string Note);

    public sealed record StaffItem(string Name, string Role, string Email, IReadOnlyList<OfficeHourItem> OfficeHours);

    public sealed record OfficeHourItem(DayOfWeek Weekday, TimeOnly Start, TimeOnly End, string Place, string Note);

    public sealed record HolidayItem(string Name, DateOnly Start, DateOnly End);

    public sealed record LectureItem(int Id, int? Number, DateOnly Date, DateTimeOffset? Start, DateTimeOffset? End, string Room,
        string Topic, string Notes, LectureStatus Status, string CancellationNote, IReadOnlyList<MaterialItem> Materials, string Url);

    public sealed record MaterialItem(int Id, string Title, MaterialKind Kind, string Url, string? FileName, long? Size);

    public sealed record AnnouncementItem(int Id, string Title, string Body, DateTime PublishedAt);
}
