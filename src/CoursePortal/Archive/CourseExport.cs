using CoursePortal.Terms;
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
    /// <summary>2 added coursework and sections; version 1 exports (without them) still import.</summary>
    public const int FormatVersion = 2;
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
        IReadOnlyList<StaffData> Staff, IReadOnlyList<LectureData> Lectures, IReadOnlyList<MaterialData> Materials, IReadOnlyList<AnnouncementData> Announcements,
        IReadOnlyList<CourseworkData>? Coursework = null, IReadOnlyList<SectionData>? Sections = null);

    public sealed record CourseData(string Slug, string Code, string Title, string TermName, DateOnly TermStart, DateOnly TermEnd, string TimeZoneId,
        string Location, Weekdays MeetingDays, TimeOnly? MeetingStart, TimeOnly? MeetingEnd, string Description, string Prerequisites, bool IsPublished);

    public sealed record HolidayData(string Name, DateOnly Start, DateOnly End);

    /// <summary><see cref="Key"/> names the staff member inside the document, for the sections they lead.</summary>
    public sealed record StaffData(string Name, string Role, string Email, int SortOrder, IReadOnlyList<OfficeHourData> OfficeHours, string? Key = null);

    public sealed record OfficeHourData(DayOfWeek Weekday, TimeOnly Start, TimeOnly End, string Place, string Note);

    /// <summary><see cref="Key"/> names the lecture inside the document, for its materials.</summary>
    public sealed record LectureData(string Key, DateOnly Date, TimeOnly? StartTime, TimeOnly? EndTime, string? Room, string Topic, string Notes,
        LectureStatus Status, string CancellationNote);

    /// <summary>A material of a lecture (<see cref="Lecture"/>), of a coursework item (<see cref="Coursework"/>), or of the course.</summary>
    public sealed record MaterialData(string? Lecture, string Title, MaterialKind Kind, string? Url, string? FileName, string? FileSha256, long? FileSize,
        string? ContentType, bool IsDraft, DateTime? VisibleFrom, int SortOrder, IReadOnlyList<VersionData> Versions, string? Coursework = null);

    public sealed record VersionData(string Sha256, string FileName, long Size, DateTime UploadedAt, string UploadedBy);

    public sealed record AnnouncementData(string Title, string Body, DateTime? PublishAt);

    /// <summary>
    /// A coursework item; <see cref="Key"/> names it for its materials, <see cref="Lecture"/> the lecture it belongs to. The previous
    /// date, time and room and <see cref="ChangedAt"/> carry a live "changed" marker across; <see cref="Sequence"/> keeps calendar clients' copies current.
    /// </summary>
    public sealed record CourseworkData(string Key, string Kind, string Title, string Description, DateTime? ReleaseAt, DateOnly Date, TimeOnly Time,
        TimeOnly? EndTime, string? Room, string? Lecture, int Position, int Sequence, DateOnly? PreviousDate, TimeOnly? PreviousTime, string? PreviousRoom,
        DateTime? ChangedAt);

    /// <summary>A section; <see cref="Leaders"/> are keys of <see cref="StaffData"/>.</summary>
    public sealed record SectionData(string Name, Weekdays Days, TimeOnly Start, TimeOnly End, string? Room, string Note, IReadOnlyList<string> Leaders);

    public async Task WriteAsync(int courseId, Stream output, CancellationToken cancellationToken)
    {
        var course = await db.Courses.AsNoTracking().AsSplitQuery()
            .Include(c => c.Holidays)
            .Include(c => c.Term).ThenInclude(t => t!.Holidays)
            .Include(c => c.Staff).ThenInclude(s => s.OfficeHours)
            .Include(c => c.Lectures)
            .Include(c => c.Materials).ThenInclude(m => m.Versions)
            .Include(c => c.Announcements)
            .SingleAsync(c => c.Id == courseId, cancellationToken);
        var coursework = (await db.CourseworkItems.AsNoTracking().Where(i => i.CourseId == courseId).ToListAsync(cancellationToken)).InScheduleOrder().ToList();
        var sections = (await db.Sections.AsNoTracking().Include(x => x.Leaders).Where(x => x.CourseId == courseId).ToListAsync(cancellationToken)).InWeekOrder().ToList();

        var lectures = course.Lectures.InScheduleOrder().ToList();
        var keys = lectures.Select((l, i) => (l.Id, Key: $"lecture-{i + 1}")).ToDictionary(x => x.Id, x => x.Key);
        var workKeys = coursework.Select((w, i) => (w.Id, Key: $"coursework-{i + 1}")).ToDictionary(x => x.Id, x => x.Key);
        var staff = course.Staff.InListOrder().ToList();
        var staffKeys = staff.Select((s, i) => (s.Id, Key: $"staff-{i + 1}")).ToDictionary(x => x.Id, x => x.Key);
        string PlaceOf(Material m) => m.LectureId is { } id ? keys[id] : m.CourseworkItemId is { } work ? workKeys[work] : "";
        var document = new ExportDocument(Format, FormatVersion,
            new CourseData(course.Slug, course.Code, course.Title, course.TermName, course.TermStart, course.TermEnd, course.TimeZoneId, course.Location,
                course.MeetingDays, course.MeetingStart, course.MeetingEnd, course.DescriptionMarkdown, course.PrerequisitesMarkdown, course.IsPublished),
            // The term's holidays with the course's own, so the file keeps the schedule whole in another portal.
            CourseHolidays.Of(course).Select(h => new HolidayData(h.Name, h.StartDate, h.EndDate)).ToList(),
            staff.Select(s => new StaffData(s.Name, s.Role, s.Email, s.SortOrder,
                s.OfficeHours.OrderBy(o => o.Weekday).ThenBy(o => o.Start).ThenBy(o => o.Id).Select(o => new OfficeHourData(o.Weekday, o.Start, o.End, o.Place, o.Note)).ToList(),
                staffKeys[s.Id])).ToList(),
            lectures.Select(l => new LectureData(keys[l.Id], l.Date, l.StartTime, l.EndTime, l.Room, l.Topic, l.NotesMarkdown, l.Status, l.CancellationNote)).ToList(),
            course.Materials
                .OrderBy(PlaceOf, StringComparer.Ordinal).ThenBy(m => m.SortOrder).ThenBy(m => m.Id)
                .Select(m => new MaterialData(m.LectureId is { } id ? keys[id] : null, m.Title, m.Kind, m.Url, m.FileName, m.FileHash, m.FileSize, m.ContentType,
                    m.IsDraft, m.VisibleFrom, m.SortOrder,
                    m.Versions.OrderBy(v => v.UploadedAt).ThenBy(v => v.Id).Select(v => new VersionData(v.FileHash, v.FileName, v.FileSize, v.UploadedAt, v.UploadedBy)).ToList(),
                    m.CourseworkItemId is { } work ? workKeys[work] : null))
                .ToList(),
            course.Announcements.OrderBy(a => a.PublishAt ?? DateTime.MaxValue).ThenBy(a => a.Id).Select(a => new AnnouncementData(a.Title, a.BodyMarkdown, a.PublishAt)).ToList(),
            coursework.Select(w => new CourseworkData(workKeys[w.Id], w.Kind, w.Title, w.DescriptionMarkdown, w.ReleaseAt, w.Date, w.Time, w.EndTime, w.Room,
                w.LectureId is { } lecture ? keys[lecture] : null, w.Position, w.Sequence, w.PreviousDate, w.PreviousTime, w.PreviousRoom, w.ChangedAt)).ToList(),
            sections.Select(x => new SectionData(x.Name, x.Days, x.StartTime, x.EndTime, x.Room, x.Note,
                x.Leaders.Select(l => staffKeys[l.StaffMemberId]).Order(StringComparer.Ordinal).ToList())).ToList());

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

            if (ReferenceProblem(document) is { } referenceProblem)
            {
                throw new ImportException(referenceProblem);
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

            var (course, parts) = Build(document, slug);
            // The export carries every day off the course had; those its term here has already stay the term's.
            var termHolidays = await db.TermHolidays.AsNoTracking().Where(h => h.Term!.Name == course.TermName).ToListAsync(cancellationToken);
            course.Holidays.RemoveAll(h => termHolidays.Any(t => t.Name == h.Name && t.StartDate == h.StartDate && t.EndDate == h.EndDate));
            db.Courses.Add(course);
            db.AddRange(parts);
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

    /// <summary>Every key the document uses names something in it, once; a material sits in one place.</summary>
    private static string? ReferenceProblem(ExportDocument d)
    {
        var lectures = d.Lectures.Select(l => l.Key).ToList();
        var work = (d.Coursework ?? []).Select(w => w.Key).ToList();
        var staff = d.Staff.Select(s => s.Key).OfType<string>().ToList();
        if (new[] { ("lecture", lectures), ("coursework item", work), ("staff member", staff) }
                .Select(k => (k.Item1, Twice: k.Item2.GroupBy(x => x, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key))
                .FirstOrDefault(k => k.Twice is not null) is { Twice: { } twice } duplicate)
        {
            return $"The export names two of its {duplicate.Item1}s “{twice}”.";
        }

        var m = d.Materials.FirstOrDefault(m => m.Lecture is not null && !lectures.Contains(m.Lecture))
            ?? d.Materials.FirstOrDefault(m => m.Coursework is not null && !work.Contains(m.Coursework));
        if (m is not null)
        {
            return $"The material “{m.Title}” names a {(m.Lecture is not null ? "lecture" : "coursework item")} the export does not have.";
        }

        if (d.Materials.FirstOrDefault(m => m.Lecture is not null && m.Coursework is not null) is { } both)
        {
            return $"The material “{both.Title}”: {MaterialPlace.OnePlaceMessage}";
        }

        if ((d.Coursework ?? []).FirstOrDefault(w => w.Lecture is not null && !lectures.Contains(w.Lecture)) is { } item)
        {
            return $"The coursework item “{item.Title}” names a lecture the export does not have.";
        }

        if ((d.Sections ?? []).FirstOrDefault(x => x.Leaders.Any(l => !staff.Contains(l))) is { } section)
        {
            return $"The section “{section.Name}” names a leader the export does not have among its staff.";
        }

        return null;
    }

    /// <summary>Imported Markdown follows the rule the editing forms follow, named by where it sits in the export.</summary>
    private static string? MarkdownProblem(ExportDocument d)
    {
        var fields = new (string Where, string? Text)[] { ("The course description", d.Course.Description), ("The course prerequisites", d.Course.Prerequisites) }
            .Concat(d.Lectures.Select(l => (Where: $"The notes of the lecture “{l.Topic}” on {l.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}", Text: (string?)l.Notes)))
            .Concat(d.Announcements.Select(a => (Where: $"The announcement “{a.Title}”", Text: (string?)a.Body)))
            .Concat((d.Coursework ?? []).Select(w => (Where: $"The description of the coursework item “{w.Title}”", Text: (string?)w.Description)));
        return fields.Select(f => MarkdownRules.Problem(f.Text) is { } problem ? $"{f.Where} cannot be imported: {problem}" : null).FirstOrDefault(p => p is not null);
    }

    /// <summary>The new course, with the coursework items and sections that belong to it (the course has no lists of those).</summary>
    private static (Course Course, IReadOnlyList<object> Parts) Build(ExportDocument d, string slug)
    {
        var c = d.Course;
        var course = new Course
        {
            Slug = slug, Code = c.Code, Title = c.Title, TermName = c.TermName, TermStart = c.TermStart, TermEnd = c.TermEnd, TimeZoneId = c.TimeZoneId,
            Location = c.Location, MeetingDays = c.MeetingDays, MeetingStart = c.MeetingStart, MeetingEnd = c.MeetingEnd,
            DescriptionMarkdown = c.Description, PrerequisitesMarkdown = c.Prerequisites, IsPublished = c.IsPublished,
        };
        course.Holidays.AddRange(d.Holidays.Select(h => new Holiday { Name = h.Name, StartDate = h.Start, EndDate = h.End }));
        var staff = new Dictionary<string, StaffMember>(StringComparer.Ordinal);
        foreach (var s in d.Staff)
        {
            var member = new StaffMember { Name = s.Name, Role = s.Role, Email = s.Email, SortOrder = s.SortOrder };
            if (s.Key is not null)
            {
                staff[s.Key] = member;
            }

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

        var work = new Dictionary<string, CourseworkItem>(StringComparer.Ordinal);
        foreach (var w in d.Coursework ?? [])
        {
            work[w.Key] = new CourseworkItem
            {
                Course = course, Kind = w.Kind, Title = w.Title, DescriptionMarkdown = w.Description, ReleaseAt = w.ReleaseAt, Date = w.Date, Time = w.Time,
                EndTime = w.EndTime, Room = w.Room, Lecture = w.Lecture is null ? null : lectures[w.Lecture], Position = w.Position, Sequence = w.Sequence,
                PreviousDate = w.PreviousDate, PreviousTime = w.PreviousTime, PreviousRoom = w.PreviousRoom, ChangedAt = w.ChangedAt,
            };
        }

        var sections = new List<Section>();
        foreach (var x in d.Sections ?? [])
        {
            var section = new Section { Course = course, Name = x.Name, Days = x.Days, StartTime = x.Start, EndTime = x.End, Room = x.Room, Note = x.Note };
            section.Leaders.AddRange(x.Leaders.Select(key => new SectionLeader { StaffMember = staff[key] }));
            sections.Add(section);
        }

        foreach (var m in d.Materials)
        {
            var material = new Material
            {
                Lecture = m.Lecture is null ? null : lectures[m.Lecture], CourseworkItem = m.Coursework is null ? null : work[m.Coursework], Title = m.Title, Kind = m.Kind, Url = m.Url, FileName = m.FileName,
                FileHash = m.FileSha256, FileSize = m.FileSize, ContentType = m.ContentType, IsDraft = m.IsDraft, VisibleFrom = m.VisibleFrom, SortOrder = m.SortOrder,
            };
            material.Versions.AddRange(m.Versions.Select(v => new MaterialVersion { FileHash = v.Sha256, FileName = v.FileName, FileSize = v.Size, UploadedAt = v.UploadedAt, UploadedBy = v.UploadedBy }));
            course.Materials.Add(material);
        }

        course.Announcements.AddRange(d.Announcements.Select(a => new Announcement { Title = a.Title, BodyMarkdown = a.Body, PublishAt = a.PublishAt }));
        return (course, [.. work.Values, .. sections]);
    }
}

/// <summary>An import that cannot go ahead; the message is for the admin.</summary>
public sealed class ImportException(string message) : Exception(message);
