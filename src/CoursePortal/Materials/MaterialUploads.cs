using CoursePortal.Accounts;
using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CoursePortal.Materials;

/// <summary>
/// Takes one uploaded file: stream it to a temporary file, check it is a PDF by its content, keep it
/// under its hash, and add a material (or a new version of one). A refused file leaves nothing behind.
/// </summary>
public sealed class MaterialUploads(PortalDbContext db, IFileStore files, IOptions<PortalOptions> options, CurrentActor actor, TimeProvider clock)
{
    public long MaxBytes => options.Value.Uploads.MaxBytes;

    /// <summary>Where an upload goes: a new material for the course or one lecture, or a new file for <see cref="ReplaceId"/>.</summary>
    public sealed record Target(int CourseId, int? LectureId, string? Title, bool IsDraft, DateTime? VisibleFromUtc, int? ReplaceId);

    /// <summary>One file's outcome, as shown next to it.</summary>
    public sealed record Outcome(string FileName, bool Ok, string Message, int? MaterialId, bool TooLarge = false);

    public async Task<Outcome> AddAsync(Target target, Stream content, string? rawFileName, CancellationToken cancellationToken)
    {
        var name = FileNames.Clean(rawFileName);
        StagedFile staged;
        try
        {
            staged = await files.StageAsync(content, MaxBytes, cancellationToken);
        }
        catch (FileTooLargeException)
        {
            return new Outcome(name, false, $"“{name}” is larger than the {Formats.FileSize(MaxBytes)} limit.", null, TooLarge: true);
        }

        using (staged)
        {
            if (await PdfCheck.ProblemAsync(staged, name, cancellationToken) is { } problem)
            {
                return new Outcome(name, false, problem, null);
            }

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
                var order = await db.Materials.Where(m => m.CourseId == target.CourseId && m.LectureId == target.LectureId)
                    .Select(m => (int?)m.SortOrder).MaxAsync(cancellationToken);
                material = new Material
                {
                    CourseId = target.CourseId,
                    LectureId = target.LectureId,
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
}
