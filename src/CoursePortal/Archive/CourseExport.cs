using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Markdown;
using CoursePortal.Materials;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Archive;

/// <summary>
/// A whole course as one archive: <c>course.json</c> (every field, drafts included, no database ids)
/// and the stored files under <c>files/</c>. Import makes a new course from it, here or on another
/// portal; export → import → export gives the same archive content.
/// </summary>
public sealed class CourseExport(PortalDbContext db, IFileStore files)
{
    public const string Format = "course-portal-course";
    public const int FormatVersion = 1;
    private const string Document = "course.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(), new CleanTextConverter() },
    };

    /// <summary>
    /// Text from an export may hold invisible control characters that older portals stored; they are
    /// dropped on the way in (nobody can see or mean them), while every other rule refuses the import.
    /// </summary>
    private sealed class CleanTextConverter : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetString() is { } text ? Editing.TextRules.Clean(text) : null;

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    public sealed record ExportDocument(string Format, int FormatVersion, CourseData Course, IReadOnlyList<HolidayData> Holidays,
        IReadOnlyList<StaffData> Staff, IReadOnlyList<LectureData> Lectures, IReadOnlyList<MaterialData> Materials, IReadOnlyList<AnnouncementData> Announcements);

    public sealed record CourseData(string Slug, string Code, string Title, string TermName, DateOnly TermStart, DateOnly TermEnd, string TimeZoneId,
        string Location, Weekdays MeetingDays, TimeOnly? MeetingStart, TimeOnly? MeetingEnd, string Description, string Prerequisites, bool IsPublished);

    public sealed record HolidayData(string Name, DateOnly Start, DateOnly End);

    public sealed record StaffData(string Name, string Role, string Email, int SortOrder, IReadOnlyList<OfficeHourData> OfficeHours);

    public sealed record OfficeHourData(DayOfWeek Weekday, TimeOnly Start, TimeOnly End, string Place, string Note);

    /// <summary><see cref="Key"/> names the lecture inside the document, for its materials.</summary>
    public sealed record LectureData(string Key, DateOnly Date, TimeOnly? StartTime, TimeOnly? EndTime, string? Room, string Topic, string Notes,
        LectureStatus Status, string CancellationNote);

    public sealed record MaterialData(string? Lecture, string Title, MaterialKind Kind, string? Url, string? FileName, string? FileSha256, long? FileSize,
        string? ContentType, bool IsDraft, DateTime? VisibleFrom, int SortOrder, IReadOnlyList<VersionData> Versions);

    public sealed record VersionData(string Sha256, string FileName, long Size, DateTime UploadedAt, string UploadedBy);

    public sealed record AnnouncementData(string Title, string Body, DateTime? PublishAt);

    public async Task WriteAsync(int courseId, Stream output, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().AsSplitQuery()
            .Include(c => c.Holidays)
            .Include(c => c.Staff).ThenInclude(s => s.OfficeHours)
            .Include(c => c.Lectures)
            .Include(c => c.Materials).ThenInclude(m => m.Versions)
            .Include(c => c.Announcements)
            .SingleAsync(c => c.Id == courseId, cancellationToken);

        var lectures = course.Lectures.InScheduleOrder().ToList();
        var keys = lectures.Select((l, i) => (l.Id, Key: $"lecture-{i + 1}")).ToDictionary(x => x.Id, x => x.Key);
        var document = new ExportDocument(Format, FormatVersion,
            new CourseData(course.Slug, course.Code, course.Title, course.TermName, course.TermStart, course.TermEnd, course.TimeZoneId, course.Location,
                course.MeetingDays, course.MeetingStart, course.MeetingEnd, course.DescriptionMarkdown, course.PrerequisitesMarkdown, course.IsPublished),
            course.Holidays.OrderBy(h => h.StartDate).ThenBy(h => h.Name, StringComparer.Ordinal).Select(h => new HolidayData(h.Name, h.StartDate, h.EndDate)).ToList(),
            course.Staff.OrderBy(s => s.SortOrder).ThenBy(s => s.Id).Select(s => new StaffData(s.Name, s.Role, s.Email, s.SortOrder,
                s.OfficeHours.OrderBy(o => o.Weekday).ThenBy(o => o.Start).ThenBy(o => o.Id).Select(o => new OfficeHourData(o.Weekday, o.Start, o.End, o.Place, o.Note)).ToList())).ToList(),
            lectures.Select(l => new LectureData(keys[l.Id], l.Date, l.StartTime, l.EndTime, l.Room, l.Topic, l.NotesMarkdown, l.Status, l.CancellationNote)).ToList(),
            course.Materials
                .OrderBy(m => m.LectureId is { } id ? keys[id] : "", StringComparer.Ordinal).ThenBy(m => m.SortOrder).ThenBy(m => m.Id)
                .Select(m => new MaterialData(m.LectureId is { } id ? keys[id] : null, m.Title, m.Kind, m.Url, m.FileName, m.FileHash, m.FileSize, m.ContentType,
                    m.IsDraft, m.VisibleFrom, m.SortOrder,
                    m.Versions.OrderBy(v => v.UploadedAt).ThenBy(v => v.Id).Select(v => new VersionData(v.FileHash, v.FileName, v.FileSize, v.UploadedAt, v.UploadedBy)).ToList()))
                .ToList(),
            course.Announcements.OrderBy(a => a.PublishAt ?? DateTime.MaxValue).ThenBy(a => a.Id).Select(a => new AnnouncementData(a.Title, a.BodyMarkdown, a.PublishAt)).ToList());

        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        await using (var entry = await zip.CreateEntry(Document).OpenAsync(cancellationToken))
        {
            await JsonSerializer.SerializeAsync(entry, document, Json, cancellationToken);
        }

        foreach (var hash in document.Materials.SelectMany(m => m.Versions.Select(v => v.Sha256).Append(m.FileSha256)).OfType<string>().Distinct().Order(StringComparer.Ordinal))
        {
            if (await files.OpenReadAsync(hash, 0, null, cancellationToken) is { } found)
            {
                await using var source = found;
                await using var entry = await zip.CreateEntry($"files/{hash}", CompressionLevel.NoCompression).OpenAsync(cancellationToken);
                await source.CopyToAsync(entry, cancellationToken);
            }
        }
    }

    /// <summary>Creates a new course from an export, under <paramref name="slug"/> or the export's own.</summary>
    /// <exception cref="ImportException">The archive is not a valid export, or the slug is taken; nothing was stored.</exception>
    public async Task<Course> ImportAsync(Stream archive, string? slug, CancellationToken cancellationToken)
    {
        ExportDocument document;
        var staged = new List<StagedFile>();
        try
        {
            using var zip = new ZipArchive(archive, ZipArchiveMode.Read, leaveOpen: true);
            var entry = zip.GetEntry(Document) ?? throw new ImportException($"This is not a course export: it has no {Document}.");
            await using (var stream = await entry.OpenAsync(cancellationToken))
            {
                document = await JsonSerializer.DeserializeAsync<ExportDocument>(stream, Json, cancellationToken)
                    ?? throw new ImportException("The course export is empty.");
            }

            if (document.Format != Format)
            {
                throw new ImportException("This is not a course export of Course Portal.");
            }

            if (document.FormatVersion > FormatVersion)
            {
                throw new ImportException($"This export was made by a newer Course Portal (format {document.FormatVersion}); upgrade this portal first.");
            }

            slug = string.IsNullOrWhiteSpace(slug) ? document.Course.Slug : slug.Trim().ToLowerInvariant();
            if (CourseRules.SlugProblem(slug) is { } slugProblem)
            {
                throw new ImportException(slugProblem);
            }

            if (await db.Courses.AnyAsync(c => c.Slug == slug, cancellationToken))
            {
                throw new ImportException($"A course with the address name “{slug}” exists already; choose another.");
            }

            if (CourseRules.TimeZoneProblem(document.Course.TimeZoneId) is { } zoneProblem)
            {
                throw new ImportException(zoneProblem);
            }

            var keys = document.Lectures.Select(l => l.Key).ToHashSet(StringComparer.Ordinal);
            if (document.Materials.FirstOrDefault(m => m.Lecture is not null && !keys.Contains(m.Lecture)) is { } orphan)
            {
                throw new ImportException($"The material “{orphan.Title}” names a lecture the export does not have.");
            }

            if (MarkdownProblem(document) is { } markdownProblem)
            {
                throw new ImportException(markdownProblem);
            }

            // Every file is checked against its hash before anything is kept.
            foreach (var hash in document.Materials.SelectMany(m => m.Versions.Select(v => v.Sha256).Append(m.FileSha256)).OfType<string>().Distinct())
            {
                var file = zip.GetEntry($"files/{hash}") ?? throw new ImportException($"The export lacks the file {hash}.");
                await using var source = await file.OpenAsync(cancellationToken);
                var copy = await files.StageAsync(source, long.MaxValue, cancellationToken);
                staged.Add(copy);
                if (copy.Hash != hash)
                {
                    throw new ImportException($"The file {hash} in the export is damaged.");
                }
            }

            var course = Build(document, slug);
            db.Courses.Add(course);
            try
            {
                // The rules every save checks, checked before any file is kept.
                StoredRules.Check(db.ChangeTracker);
            }
            catch (StoredRuleException refused)
            {
                db.ChangeTracker.Clear();
                throw new ImportException($"The export cannot be imported: {string.Join(" ", refused.Problems)}");
            }

            foreach (var file in staged)
            {
                await files.CommitAsync(file, cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            return course;
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or NotSupportedException)
        {
            throw new ImportException($"The archive is damaged or not a course export ({e.Message}).");
        }
        finally
        {
            foreach (var file in staged)
            {
                file.Dispose();
            }
        }
    }

    /// <summary>Imported Markdown follows the rule the editing forms follow, named by where it sits in the export.</summary>
    private static string? MarkdownProblem(ExportDocument d)
    {
        var fields = new (string Where, string? Text)[] { ("The course description", d.Course.Description), ("The course prerequisites", d.Course.Prerequisites) }
            .Concat(d.Lectures.Select(l => (Where: $"The notes of the lecture “{l.Topic}” on {l.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}", Text: (string?)l.Notes)))
            .Concat(d.Announcements.Select(a => (Where: $"The announcement “{a.Title}”", Text: (string?)a.Body)));
        return fields.Select(f => MarkdownRules.Problem(f.Text) is { } problem ? $"{f.Where} cannot be imported: {problem}" : null).FirstOrDefault(p => p is not null);
    }

    private static Course Build(ExportDocument d, string slug)
    {
        var c = d.Course;
        var course = new Course
        {
            Slug = slug, Code = c.Code, Title = c.Title, TermName = c.TermName, TermStart = c.TermStart, TermEnd = c.TermEnd, TimeZoneId = c.TimeZoneId,
            Location = c.Location, MeetingDays = c.MeetingDays, MeetingStart = c.MeetingStart, MeetingEnd = c.MeetingEnd,
            DescriptionMarkdown = c.Description, PrerequisitesMarkdown = c.Prerequisites, IsPublished = c.IsPublished,
        };
        course.Holidays.AddRange(d.Holidays.Select(h => new Holiday { Name = h.Name, StartDate = h.Start, EndDate = h.End }));
        foreach (var s in d.Staff)
        {
            var member = new StaffMember { Name = s.Name, Role = s.Role, Email = s.Email, SortOrder = s.SortOrder };
            member.OfficeHours.AddRange(s.OfficeHours.Select(o => new OfficeHour { Weekday = o.Weekday, Start = o.Start, End = o.End, Place = o.Place, Note = o.Note }));
            course.Staff.Add(member);
        }

        var lectures = new Dictionary<string, Lecture>(StringComparer.Ordinal);
        foreach (var l in d.Lectures)
        {
            var lecture = new Lecture
            {
                Date = l.Date, StartTime = l.StartTime, EndTime = l.EndTime, Room = l.Room, Topic = l.Topic, NotesMarkdown = l.Notes,
                Status = l.Status, CancellationNote = l.CancellationNote,
            };
            lectures[l.Key] = lecture;
            course.Lectures.Add(lecture);
        }

        foreach (var m in d.Materials)
        {
            var material = new Material
            {
                Lecture = m.Lecture is null ? null : lectures[m.Lecture], Title = m.Title, Kind = m.Kind, Url = m.Url, FileName = m.FileName,
                FileHash = m.FileSha256, FileSize = m.FileSize, ContentType = m.ContentType, IsDraft = m.IsDraft, VisibleFrom = m.VisibleFrom, SortOrder = m.SortOrder,
            };
            material.Versions.AddRange(m.Versions.Select(v => new MaterialVersion { FileHash = v.Sha256, FileName = v.FileName, FileSize = v.Size, UploadedAt = v.UploadedAt, UploadedBy = v.UploadedBy }));
            course.Materials.Add(material);
        }

        course.Announcements.AddRange(d.Announcements.Select(a => new Announcement { Title = a.Title, BodyMarkdown = a.Body, PublishAt = a.PublishAt }));
        return course;
    }
}

/// <summary>An import that cannot go ahead; the message is for the admin.</summary>
public sealed class ImportException(string message) : Exception(message);
