using System.ComponentModel.DataAnnotations;
using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Editing;
using CoursePortal.Markdown;
using CoursePortal.Materials;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Staff.Courses.Lectures;

/// <summary>
/// Adds a lecture (no id) or edits one. An existing lecture's page also shows its number, date and materials, and takes
/// new files (through the upload page's handler) and links (through the material edit page's) for it.
/// </summary>
public sealed class EditModel(PortalDbContext db, TimeProvider clock, MaterialUploads uploads) : CoursePageModel(db)
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool IsNew { get; private set; }

    /// <summary>The stored lecture's number on the public schedule; null when it is cancelled (or new).</summary>
    public int? Number { get; private set; }

    /// <summary>The stored lecture's date, which the form may be changing.</summary>
    public DateOnly? StoredDate { get; private set; }

    /// <summary>The lecture's materials in their public order, drafts and unreleased ones too.</summary>
    public IReadOnlyList<Material> Materials { get; private set; } = [];

    public DateTime NowUtc { get; } = clock.GetUtcNow().UtcDateTime;

    public long MaxUploadBytes => uploads.MaxBytes;

    /// <summary>The "For" value of this lecture, for the upload and link forms.</summary>
    public string PlaceValue => RouteData.Values["id"] is { } id ? MaterialPlace.ValueOfLecture(Convert.ToInt32(id, System.Globalization.CultureInfo.InvariantCulture)) : "";

    /// <summary>The fields the lectures page edits too (<see cref="LectureFields"/>), and the rest of the lecture.</summary>
    public sealed class InputModel : LectureFields
    {
        [Display(Name = "Starts (if not the usual time)")]
        public TimeOnly? StartTime { get; set; }

        [Display(Name = "Ends (if not the usual time)")]
        public TimeOnly? EndTime { get; set; }

        [StringLength(MarkdownRules.MaxLength), Display(Name = "Notes"), Markdown]
        public string? NotesMarkdown { get; set; }

        [StringLength(300), Display(Name = "Reason shown to students")]
        public string? CancellationNote { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int courseId, int? id, CancellationToken cancellationToken)
    {
        if (!await LoadCourseAsync(courseId, cancellationToken))
        {
            return NotFound();
        }

        IsNew = id is null;
        if (id is null)
        {
            return Page();
        }

        var l = await Db.Lectures.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id && x.CourseId == courseId, cancellationToken);
        if (l is null)
        {
            return NotFound();
        }

        await LoadFactsAsync(l, cancellationToken);
        Input = new InputModel { StartTime = l.StartTime, EndTime = l.EndTime, NotesMarkdown = l.NotesMarkdown, CancellationNote = l.CancellationNote };
        Input.CopyFrom(l);
        RememberOriginal(l);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int courseId, int? id, CancellationToken cancellationToken)
    {
        if (!await LoadCourseAsync(courseId, cancellationToken))
        {
            return NotFound();
        }

        IsNew = id is null;
        AddProblem("Input.EndTime", TimeRules.RangeProblem(Input.StartTime, Input.EndTime));
        if (!ModelState.IsValid)
        {
            if (id is not null && await Db.Lectures.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id && x.CourseId == courseId, cancellationToken) is { } shown)
            {
                await LoadFactsAsync(shown, cancellationToken);
            }

            return Page();
        }

        var lecture = id is null ? null : await Db.Lectures.SingleOrDefaultAsync(x => x.Id == id && x.CourseId == courseId, cancellationToken);
        if (id is { } gone && lecture is null)
        {
            return await DeletedMeanwhileAsync<Lecture>(gone, "lecture", cancellationToken);
        }

        if (lecture is not null)
        {
            await LoadFactsAsync(lecture, cancellationToken);
        }

        if (lecture is null)
        {
            lecture = new Lecture { CourseId = courseId, Topic = "" };
            Db.Lectures.Add(lecture);
        }

        Input.ApplyTo(lecture);
        lecture.StartTime = Input.StartTime;
        lecture.EndTime = Input.EndTime;
        lecture.NotesMarkdown = Input.NotesMarkdown ?? "";
        if (Input.IsCancelled)
        {
            lecture.CancellationNote = Input.CancellationNote?.Trim() ?? "";
        }

        return await SaveAsync(lecture, Input.Version, "lecture", cancellationToken)
            ? Saved($"Saved the lecture of {Formats.ShortDateWithYear(lecture.Date)}.", "/Staff/Courses/Lectures/Index")
            : Page();
    }

    protected override void SetFormVersion(Guid version) => Input.Version = version;

    private async Task LoadFactsAsync(Lecture lecture, CancellationToken cancellationToken)
    {
        StoredDate = lecture.Date;
        var lectures = await Db.Lectures.AsNoTracking().Where(l => l.CourseId == lecture.CourseId).ToListAsync(cancellationToken);
        Number = Schedule.Numbers(lectures).TryGetValue(lecture.Id, out var number) ? number : null;
        Materials = await Db.Materials.AsNoTracking().Where(m => m.LectureId == lecture.Id)
            .InListOrder().ToListAsync(cancellationToken);
    }
}
