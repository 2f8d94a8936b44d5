using CoursePortal.Terms;
using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CoursePortal.Courses;
using CoursePortal.Data;
using Microsoft.AspNetCore.Html;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Search;

/// <summary>
/// Public search: one service with the query inside per provider (FTS5 on SQLite, tsvector on PostgreSQL; see
/// the SearchIndex migration of each). Only what the public may see is found, by the same rules on both:
/// published courses, released non-draft materials (of released coursework, if of any), announcements whose time
/// has come, released coursework items, and sections.
/// </summary>
public sealed partial class SearchQueries(PortalDbContext db, TimeProvider clock)
{
    private const char MarkStart = '\u0002';
    private const char MarkEnd = '\u0003';

    public enum HitKind
    {
        Lecture = 1,
        Material = 2,
        Announcement = 3,
        Coursework = 4,
        Section = 5,
    }

    /// <summary>One match, with its matched words marked (HTML-safe).</summary>
    /// <summary>One result; a material's <c>Details</c> say what it is and how big ("PDF, 2.1 MB"), as its link on the course page does.</summary>
    public sealed record Hit(HitKind Kind, string CourseName, IHtmlContent Title, IHtmlContent Snippet, string Href, string? Details = null);

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Words();

    /// <summary>Every word of the query, as a prefix, all required: "diffusion mod" finds "Diffusion Models".</summary>
    public static string? ToMatchExpression(string? query)
    {
        var words = Words().Matches(query ?? "").Select(m => m.Value).Take(12).ToList();
        return words.Count == 0 ? null : string.Join(' ', words.Select(w => $"\"{w}\"*"));
    }
    public async Task<IReadOnlyList<Hit>> SearchAsync(string? query, string? courseSlug, CancellationToken cancellationToken)
    {
        var match = ToMatchExpression(query);
        if (match is null)
        {
            return [];
        }

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            var course = string.IsNullOrEmpty(courseSlug) ? null : courseSlug.ToLowerInvariant();
            if (db.Database.IsNpgsql())
            {
                PostgresQuery(command, query!, course);
            }
            else
            {
                SqliteQuery(command, match, course);
            }

            var rows = new List<(HitKind Kind, int Id, string Slug, string Course, string Title, string Body, MaterialKind? MaterialKind, string? Url, string? FileName)>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows.Add(((HitKind)reader.GetInt64(0), (int)reader.GetInt64(1), reader.GetString(2),
                        $"{reader.GetString(3)} {reader.GetString(4)} ({reader.GetString(5)})",
                        reader.IsDBNull(6) ? "" : reader.GetString(6), reader.IsDBNull(7) ? "" : reader.GetString(7),
                        reader.IsDBNull(8) ? null : (MaterialKind)reader.GetInt64(8), reader.IsDBNull(9) ? null : reader.GetString(9),
                        reader.IsDBNull(10) ? null : reader.GetString(10)));
                }
            }

            var anchors = await LectureAnchorsAsync(rows.Where(r => r.Kind == HitKind.Lecture).Select(r => r.Id).ToList(), cancellationToken);
            var materialIds = rows.Where(r => r.Kind == HitKind.Material).Select(r => r.Id).ToList();
            var sizes = materialIds.Count == 0 ? [] : await db.Materials.Where(m => materialIds.Contains(m.Id)).Select(m => new { m.Id, m.FileSize })
                .ToDictionaryAsync(m => m.Id, m => m.FileSize, cancellationToken);
            return rows.Select(r => new Hit(r.Kind, r.Course, Marked(r.Title), Marked(r.Body), r.Kind switch
            {
                HitKind.Lecture => anchors.TryGetValue(r.Id, out var at) ? Schedule.RowPath(r.Slug, at.Anchor, at.LongSchedule) : r.Slug,
                HitKind.Material when r.MaterialKind == Data.MaterialKind.Link => r.Url ?? r.Slug,
                HitKind.Material => CourseQueries.FilePath(r.Slug, r.Id, r.FileName),
                HitKind.Coursework => $"{r.Slug}#{CourseworkEntry.AnchorFor(r.Id)}",
                HitKind.Section => $"{r.Slug}#{SectionEntry.AnchorFor(r.Id)}",
                _ => $"{r.Slug}#announcement-{r.Id}",
            }, r.Kind == HitKind.Material ? MaterialLink.DetailsOf(r.MaterialKind ?? Data.MaterialKind.File, sizes.GetValueOrDefault(r.Id)) : null)).ToList();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>FTS5 (Data/Migrations/Sqlite, SearchIndex and SearchCoursework; rowid = id * 8 + kind): every word a prefix; bm25 weights the title 5:1 over the body.</summary>
    private void SqliteQuery(DbCommand command, string match, string? course)
    {
        command.CommandText = """
            SELECT s.rowid % 8 AS Kind, s.rowid / 8 AS ItemId, c."Slug", c."Code", c."Title", c."TermName",
                   highlight("SearchIndex", 0, char(2), char(3)) AS TitleHit,
                   snippet("SearchIndex", 1, char(2), char(3), '…', 24) AS BodyHit,
                   m."Kind" AS MaterialKind, m."Url", m."FileName"
            FROM "SearchIndex" s
            LEFT JOIN "Lectures" l ON s.rowid % 8 = 1 AND l."Id" = s.rowid / 8
            LEFT JOIN "Materials" m ON s.rowid % 8 = 2 AND m."Id" = s.rowid / 8
            LEFT JOIN "CourseworkItems" mw ON mw."Id" = m."CourseworkItemId"
            LEFT JOIN "Announcements" a ON s.rowid % 8 = 3 AND a."Id" = s.rowid / 8
            LEFT JOIN "CourseworkItems" w ON s.rowid % 8 = 4 AND w."Id" = s.rowid / 8
            LEFT JOIN "Sections" x ON s.rowid % 8 = 5 AND x."Id" = s.rowid / 8
            JOIN "Courses" c ON c."Id" = coalesce(l."CourseId", m."CourseId", a."CourseId", w."CourseId", x."CourseId")
            WHERE "SearchIndex" MATCH $match
              AND c."IsPublished" = 1
              AND ($course IS NULL OR c."Slug" = $course)
              AND (l."Id" IS NOT NULL
                   OR x."Id" IS NOT NULL
                   OR (m."Id" IS NOT NULL AND m."IsDraft" = 0 AND (m."VisibleFrom" IS NULL OR m."VisibleFrom" <= $now)
                       AND (mw."ReleaseAt" IS NULL OR mw."ReleaseAt" <= $now))
                   OR (a."Id" IS NOT NULL AND a."PublishAt" IS NOT NULL AND a."PublishAt" <= $now)
                   OR (w."Id" IS NOT NULL AND (w."ReleaseAt" IS NULL OR w."ReleaseAt" <= $now)))
            ORDER BY bm25("SearchIndex", 5.0, 1.0)
            LIMIT 50
            """;
        Add(command, "$match", match);
        Add(command, "$course", (object?)course ?? DBNull.Value);
        // Instants are stored as text in this form; compared as text they order like the instants.
        Add(command, "$now", clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// tsvector + GIN (Data/Migrations/PostgreSQL, SearchIndex). The query keeps websearch syntax ("a phrase",
    /// -word, or), and each of its lexemes becomes a prefix ('mod':*), so every word is a prefix as on SQLite.
    /// ts_rank weights the title (A) five times the body (B), like the bm25 weights. ts_headline drops whatever
    /// looks like an HTML tag or entity, so &lt; and &amp; go through it as control characters and come back as
    /// text, for <see cref="Marked"/> to encode.
    /// </summary>
    private void PostgresQuery(DbCommand command, string query, string? course)
    {
        command.CommandText = """
            WITH q AS (
                SELECT regexp_replace(websearch_to_tsquery('english', @query)::text,
                                      '''((?:[^'']|'''')+)''', '''\1'':*', 'g')::tsquery AS query)
            SELECT s."Kind"::bigint AS Kind, s."ItemId"::bigint AS ItemId, c."Slug", c."Code", c."Title", c."TermName",
                   translate(ts_headline('english', translate(s."Title", '<&', chr(1) || chr(4)), q.query,
                                         'HighlightAll=true, StartSel=' || chr(2) || ', StopSel=' || chr(3)),
                             chr(1) || chr(4), '<&') AS TitleHit,
                   translate(ts_headline('english', translate(s."Body", '<&', chr(1) || chr(4)), q.query,
                                         'MaxWords=24, MinWords=12, ShortWord=0, MaxFragments=2, FragmentDelimiter=" … ", StartSel='
                                         || chr(2) || ', StopSel=' || chr(3)),
                             chr(1) || chr(4), '<&') AS BodyHit,
                   m."Kind"::bigint AS MaterialKind, m."Url", m."FileName"
            FROM "SearchIndex" s
            CROSS JOIN q
            LEFT JOIN "Lectures" l ON s."Kind" = 1 AND l."Id" = s."ItemId"
            LEFT JOIN "Materials" m ON s."Kind" = 2 AND m."Id" = s."ItemId"
            LEFT JOIN "CourseworkItems" mw ON mw."Id" = m."CourseworkItemId"
            LEFT JOIN "Announcements" a ON s."Kind" = 3 AND a."Id" = s."ItemId"
            LEFT JOIN "CourseworkItems" w ON s."Kind" = 4 AND w."Id" = s."ItemId"
            LEFT JOIN "Sections" x ON s."Kind" = 5 AND x."Id" = s."ItemId"
            JOIN "Courses" c ON c."Id" = coalesce(l."CourseId", m."CourseId", a."CourseId", w."CourseId", x."CourseId")
            WHERE s."Document" @@ q.query
              AND c."IsPublished"
              AND (@course IS NULL OR c."Slug" = @course)
              AND (l."Id" IS NOT NULL
                   OR x."Id" IS NOT NULL
                   OR (m."Id" IS NOT NULL AND NOT m."IsDraft" AND (m."VisibleFrom" IS NULL OR m."VisibleFrom" <= @now)
                       AND (mw."ReleaseAt" IS NULL OR mw."ReleaseAt" <= @now))
                   OR (a."Id" IS NOT NULL AND a."PublishAt" IS NOT NULL AND a."PublishAt" <= @now)
                   OR (w."Id" IS NOT NULL AND (w."ReleaseAt" IS NULL OR w."ReleaseAt" <= @now)))
            ORDER BY ts_rank('{0.1, 0.2, 0.2, 1.0}', s."Document", q.query) DESC, s."Kind", s."ItemId"
            LIMIT 50
            """;
        // Long enough for any real query; a pasted page would only make the server work.
        Add(command, "query", query.Length > MaxQueryLength ? query[..MaxQueryLength] : query);
        Add(command, "course", (object?)course ?? DBNull.Value, System.Data.DbType.String);
        Add(command, "now", clock.GetUtcNow().UtcDateTime);
    }

    private const int MaxQueryLength = 500;


    /// <summary>
    /// The schedule anchors ("lecture-7", or "day-…" for a cancelled one) of the lectures found, and whether
    /// their course's schedule is long (shown whole only on its own page).
    /// </summary>
    private async Task<Dictionary<int, (string Anchor, bool LongSchedule)>> LectureAnchorsAsync(List<int> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var courses = await db.Lectures.Where(l => ids.Contains(l.Id)).Select(l => l.CourseId).Distinct().ToListAsync(cancellationToken);
        var lectures = await db.Lectures.AsNoTracking().Where(l => courses.Contains(l.CourseId)).ToListAsync(cancellationToken);
        var holidays = await CourseHolidays.ForCoursesAsync(db, courses, cancellationToken);
        var anchors = new Dictionary<int, (string, bool)>();
        foreach (var group in lectures.GroupBy(l => l.CourseId))
        {
            var numbers = Schedule.Numbers(group);
            var isLong = Schedule.IsLong(group.Count() + holidays[group.Key].Count());
            foreach (var lecture in group)
            {
                anchors[lecture.Id] = (numbers.TryGetValue(lecture.Id, out var n) ? $"lecture-{n}" : $"day-{lecture.Date:yyyy-MM-dd}", isLong);
            }
        }

        return anchors;
    }

    /// <summary>Encodes the text, then turns the index's match markers into &lt;mark&gt;.</summary>
    private static HtmlString Marked(string text) => new(WebUtility.HtmlEncode(text)
        .Replace(MarkStart.ToString(), "<mark>", StringComparison.Ordinal)
        .Replace(MarkEnd.ToString(), "</mark>", StringComparison.Ordinal));


    private static void Add(DbCommand command, string name, object value, System.Data.DbType? type = null)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        if (type is { } known)
        {
            parameter.DbType = known;
        }

        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
