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
/// Public search over the FTS5 index (see the SearchIndex migration). Only what the public may see is
/// found: published courses, released non-draft materials, announcements whose time has come.
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
    }

    /// <summary>One match, with its matched words marked (HTML-safe).</summary>
    public sealed record Hit(HitKind Kind, string CourseName, IHtmlContent Title, IHtmlContent Snippet, string Href);

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
            command.CommandText = """
                SELECT s.rowid % 4 AS Kind, s.rowid / 4 AS ItemId, c."Slug", c."Code", c."Title", c."TermName",
                       highlight("SearchIndex", 0, char(2), char(3)) AS TitleHit,
                       snippet("SearchIndex", 1, char(2), char(3), '…', 24) AS BodyHit,
                       m."Kind" AS MaterialKind, m."Url", m."FileName"
                FROM "SearchIndex" s
                LEFT JOIN "Lectures" l ON s.rowid % 4 = 1 AND l."Id" = s.rowid / 4
                LEFT JOIN "Materials" m ON s.rowid % 4 = 2 AND m."Id" = s.rowid / 4
                LEFT JOIN "Announcements" a ON s.rowid % 4 = 3 AND a."Id" = s.rowid / 4
                JOIN "Courses" c ON c."Id" = coalesce(l."CourseId", m."CourseId", a."CourseId")
                WHERE "SearchIndex" MATCH $match
                  AND c."IsPublished" = 1
                  AND ($course IS NULL OR c."Slug" = $course)
                  AND (l."Id" IS NOT NULL
                       OR (m."Id" IS NOT NULL AND m."IsDraft" = 0 AND (m."VisibleFrom" IS NULL OR m."VisibleFrom" <= $now))
                       OR (a."Id" IS NOT NULL AND a."PublishAt" IS NOT NULL AND a."PublishAt" <= $now))
                ORDER BY bm25("SearchIndex", 5.0, 1.0)
                LIMIT 50
                """;
            Add(command, "$match", match);
            Add(command, "$course", string.IsNullOrEmpty(courseSlug) ? DBNull.Value : courseSlug.ToLowerInvariant());
            // Instants are stored as text in this form; compared as text they order like the instants.
            Add(command, "$now", clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));

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
            return rows.Select(r => new Hit(r.Kind, r.Course, Marked(r.Title), Marked(r.Body), r.Kind switch
            {
                HitKind.Lecture => anchors.TryGetValue(r.Id, out var at) ? Schedule.RowPath(r.Slug, at.Anchor, at.LongSchedule) : r.Slug,
                HitKind.Material when r.MaterialKind == Data.MaterialKind.Link => r.Url ?? r.Slug,
                HitKind.Material => CourseQueries.FilePath(r.Slug, r.Id, r.FileName),
                _ => $"{r.Slug}#announcement-{r.Id}",
            })).ToList();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

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
        var holidays = await db.Holidays.Where(h => courses.Contains(h.CourseId)).GroupBy(h => h.CourseId)
            .Select(g => new { CourseId = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.CourseId, g => g.Count, cancellationToken);
        var anchors = new Dictionary<int, (string, bool)>();
        foreach (var group in lectures.GroupBy(l => l.CourseId))
        {
            var numbers = Schedule.Numbers(group);
            var isLong = Schedule.IsLong(group.Count() + holidays.GetValueOrDefault(group.Key));
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

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
