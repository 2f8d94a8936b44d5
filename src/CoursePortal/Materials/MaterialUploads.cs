using CoursePortal.Accounts;
using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CoursePortal.Materials;

/// <summary>
/// Takes uploaded files: each is streamed to a temporary file and checked to be a PDF by its content
/// as it arrives; once the whole request has been read, each accepted file is kept under its hash and
/// gets its material (or a new version of one). A refused file, or a request cut off, leaves nothing behind.
/// </summary>
public sealed class MaterialUploads(PortalDbContext db, IFileStore files, IOptions<PortalOptions> options, CurrentActor actor, TimeProvider clock)
{
    public long MaxBytes => options.Value.Uploads.MaxBytes;

    /// <summary>Where an upload goes: a new material for the course, one lecture or one coursework item, or a new file for <see cref="ReplaceId"/>.</summary>
    public sealed record Target(int CourseId, MaterialPlace Place, string? Title, bool IsDraft, DateTime? VisibleFromUtc, int? ReplaceId);

    /// <summary>One file's outcome, as shown next to it.</summary>
    public sealed record Outcome(string FileName, bool Ok, string Message, int? MaterialId, bool TooLarge = false);

    /// <summary>A file received and checked but not yet kept, or the reason it was refused. Disposing drops an uncommitted file.</summary>
    public sealed class Received(Target? target, string fileName, StagedFile? file, Outcome? refusal) : IDisposable
    {
        public Target? Target { get; } = target;
        public string FileName { get; } = fileName;
        public StagedFile? File { get; } = file;

        /// <summary>Why the file is refused; null when it may be kept.</summary>
        public Outcome? Refusal { get; } = refusal;

        public void Dispose() => File?.Dispose();
    }

    /// <summary>A file refused before its content was read (its form fields were wrong).</summary>
    public static Received Refuse(string? rawFileName, string problem)
    {
        var name = FileNames.Clean(rawFileName);
        return new Received(null, name, null, new Outcome(name, false, problem, null));
    }

    /// <summary>
    /// Streams one file to a temporary file and checks that it is a PDF; nothing is kept until
    /// <see cref="CommitAsync"/>, so a request cut off after it leaves nothing.
    /// </summary>
    public async Task<Received> ReceiveAsync(Target target, Stream content, string? rawFileName, CancellationToken cancellationToken)
    {
        var name = FileNames.Clean(rawFileName);
        // A refusal names the file as the uploader knows it ("notes.docx"), not as it would have been stored.
        var shown = FileNames.Clean(rawFileName, "");
        StagedFile staged;
        try
        {
            staged = await files.StageAsync(content, MaxBytes, cancellationToken);
        }
        catch (FileTooLargeException)
        {
            return new Received(target, name, null, new Outcome(name, false, $"“{shown}” is larger than the {Formats.FileSize(MaxBytes)} limit.", null, TooLarge: true));
        }

        if (await PdfCheck.ProblemAsync(staged, shown, cancellationToken) is { } problem)
        {
            staged.Dispose();
            return new Received(target, name, null, new Outcome(name, false, problem, null));
        }

        return new Received(target, name, staged, null);
    }

    /// <summary>Keeps a received file under its hash and adds its material (or its new version).</summary>
    public async Task<Outcome> CommitAsync(Received received, CancellationToken cancellationToken)
    {
        if (received.Refusal is { } refused)
        {
            return refused;
        }

        var (target, name, staged) = (received.Target!, received.FileName, received.File!);
        Material? material = null;
        if (target.ReplaceId is { } replaceId)
        {
            material = await db.Materials.SingleOrDefaultAsync(
                m => m.Id == replaceId && m.CourseId == target.CourseId && m.Kind == MaterialKind.File, cancellationToken);
            if (material is null)
            {
                return new Outcome(name, false, "The material to replace no longer exists.", null);
            }
        }

        var stored = await files.CommitAsync(staged, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (material is null)
        {
            var (lectureId, itemId) = (target.Place.LectureId, target.Place.CourseworkItemId);
            var order = await db.Materials.Where(m => m.CourseId == target.CourseId && m.LectureId == lectureId && m.CourseworkItemId == itemId)
                .Select(m => (int?)m.SortOrder).MaxAsync(cancellationToken);
            material = new Material
            {
                CourseId = target.CourseId,
                LectureId = lectureId,
                CourseworkItemId = itemId,
                Title = string.IsNullOrWhiteSpace(target.Title) ? FileNames.Title(name) : target.Title.Trim(),
                Kind = MaterialKind.File,
                // The name in the URL and in downloads; replacing the file keeps it, so links stay the same.
                FileName = name,
                ContentType = "application/pdf",
                IsDraft = target.IsDraft,
                VisibleFrom = target.VisibleFromUtc,
                SortOrder = (order ?? -1) + 1,
            };
            db.Materials.Add(material);
        }

        material.FileHash = stored.Hash;
        material.FileSize = stored.Size;
        material.Versions.Add(new MaterialVersion
        {
            FileHash = stored.Hash,
            FileName = name,
            FileSize = stored.Size,
            UploadedAt = now,
            UploadedBy = actor.Name,
        });
        await db.SaveChangesAsync(cancellationToken);
        return new Outcome(name, true, target.ReplaceId is null ? $"“{name}” uploaded." : $"“{name}” replaces the file; the address stays the same.", material.Id);
    }
}
