using System.ComponentModel.DataAnnotations;
using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Editing;
using CoursePortal.Markdown;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Staff.Courses.Lectures;

/// <summary>Adds a lecture (no id) or edits one.</summary>
public sealed class EditModel(PortalDbContext db) : CoursePageModel(db)
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool IsNew { get; private set; }

    public sealed class InputModel
    {
        [Required, Display(Name = "Date")]
        public DateOnly? Date { get; set; }

        [Required, StringLength(300), Display(Name = "Topic")]
        public string Topic { get; set; } = "";

        [Display(Name = "Starts (if not the usual time)")]
        public TimeOnly? StartTime { get; set; }

        [Display(Name = "Ends (if not the usual time)")]
        public TimeOnly? EndTime { get; set; }

        [StringLength(200), Display(Name = "Room (if not the usual room)")]
        public string? Room { get; set; }

        [StringLength(MarkdownRules.MaxLength), Display(Name = "Notes"), Markdown]
        public string? NotesMarkdown { get; set; }

        [Display(Name = "Cancelled")]
        public bool IsCancelled { get; set; }

        [StringLength(300), Display(Name = "Reason shown to students")]
        public string? CancellationNote { get; set; }

        public Guid Version { get; set; }
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

        Input = new InputModel
        {
            Date = l.Date, Topic = l.Topic, StartTime = l.StartTime, EndTime = l.EndTime, Room = l.Room,
            NotesMarkdown = l.NotesMarkdown, IsCancelled = l.Status == LectureStatus.Cancelled,
            CancellationNote = l.CancellationNote, Version = l.Version,
        };
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
            return Page();
        }

        var lecture = id is null ? null : await Db.Lectures.SingleOrDefaultAsync(x => x.Id == id && x.CourseId == courseId, cancellationToken);
        if (id is { } gone && lecture is null)
        {
            return await DeletedMeanwhileAsync<Lecture>(gone, "lecture", cancellationToken);
        }

        if (lecture is null)
        {
            lecture = new Lecture { CourseId = courseId, Topic = "" };
            Db.Lectures.Add(lecture);
        }

        lecture.Date = Input.Date!.Value;
        lecture.Topic = Input.Topic.Trim();
        lecture.StartTime = Input.StartTime;
        lecture.EndTime = Input.EndTime;
        lecture.Room = string.IsNullOrWhiteSpace(Input.Room) ? null : Input.Room.Trim();
        lecture.NotesMarkdown = Input.NotesMarkdown ?? "";
        lecture.Status = Input.IsCancelled ? LectureStatus.Cancelled : LectureStatus.Scheduled;
        lecture.CancellationNote = Input.IsCancelled ? Input.CancellationNote?.Trim() ?? "" : "";

        return await SaveAsync(lecture, Input.Version, "lecture", cancellationToken)
            ? Saved($"Saved the lecture of {Formats.ShortDateWithYear(lecture.Date)}.", "/Staff/Courses/Lectures/Index")
            : Page();
    }

    protected override void SetFormVersion(Guid version) => Input.Version = version;
}
