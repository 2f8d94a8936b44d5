using System.ComponentModel.DataAnnotations;
using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Editing;
using CoursePortal.Markdown;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Staff.Courses.Coursework;

/// <summary>Adds a coursework item (no id) or edits one; an existing item lists its materials.</summary>
public sealed class EditModel(PortalDbContext db, TimeProvider clock) : CoursePageModel(db)
{
    /// <summary>Where a new item's time starts: most deadlines are at the end of the day.</summary>
    public static readonly TimeOnly DefaultDueTime = new(23, 59);

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool IsNew { get; private set; }

    public int? ItemId { get; private set; }

    public IReadOnlyList<Lecture> Lectures { get; private set; } = [];

    public IReadOnlyDictionary<int, int> LectureNumbers { get; private set; } = new Dictionary<int, int>();

    /// <summary>The item's handouts, solutions and links (an existing item only).</summary>
    public IReadOnlyList<Material> Materials { get; private set; } = [];

    public DateTime NowUtc { get; } = clock.GetUtcNow().UtcDateTime;

    public sealed class InputModel
    {
        [Required, StringLength(CourseworkItem.KindMaxLength), Display(Name = "Kind")]
        public string Kind { get; set; } = CourseworkKinds.Assignment;

        [Required, StringLength(CourseworkItem.TitleMaxLength), Display(Name = "Title")]
        public string Title { get; set; } = "";

        [StringLength(MarkdownRules.MaxLength), Display(Name = "Description"), Markdown]
        public string? DescriptionMarkdown { get; set; }

        [Required, Display(Name = "Date")]
        public DateOnly? Date { get; set; }

        [Required, Display(Name = "Due at (an exam: starts at)")]
        public TimeOnly? Time { get; set; }

        [Display(Name = "Ends (an exam; empty for a deadline)")]
        public TimeOnly? EndTime { get; set; }

        [StringLength(CourseworkItem.RoomMaxLength), Display(Name = "Room")]
        public string? Room { get; set; }

        [Display(Name = "Released")]
        public DateTime? ReleaseAt { get; set; }

        [Display(Name = "Lecture")]
        public int? LectureId { get; set; }

        public Guid Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int courseId, int? id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(courseId, id, cancellationToken))
        {
            return NotFound();
        }

        if (id is null)
        {
            Input.Time = DefaultDueTime;
            return Page();
        }

        var i = await Db.CourseworkItems.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id && x.CourseId == courseId, cancellationToken);
        if (i is null)
        {
            return NotFound();
        }

        Input = new InputModel
        {
            Kind = i.Kind, Title = i.Title, DescriptionMarkdown = i.DescriptionMarkdown, Date = i.Date, Time = i.Time, EndTime = i.EndTime,
            Room = i.Room, ReleaseAt = LocalTime.ToLocal(i.ReleaseAt, Zone), LectureId = i.LectureId, Version = i.Version,
        };
        RememberOriginal(i);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int courseId, int? id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(courseId, id, cancellationToken))
        {
            return NotFound();
        }

        if (Input.Time is { } start)
        {
            AddProblem("Input.EndTime", TimeRules.OptionalEndProblem(start, Input.EndTime));
        }

        if (Input.LectureId is { } lectureId && Lectures.All(l => l.Id != lectureId))
        {
            ModelState.AddModelError("Input.LectureId", "Choose a lecture of this course.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var item = id is null ? null : await Db.CourseworkItems.SingleOrDefaultAsync(x => x.Id == id && x.CourseId == courseId, cancellationToken);
        if (id is { } gone && item is null)
        {
            return await DeletedMeanwhileAsync<CourseworkItem>(gone, "coursework item", cancellationToken);
        }

        if (item is null)
        {
            item = new CourseworkItem { CourseId = courseId, Kind = "", Title = "" };
            Db.CourseworkItems.Add(item);
        }

        var date = Input.Date!.Value;
        if (item.Id == 0 || item.Date != date)
        {
            // Last among the items of its (new) date; move buttons rearrange it from there.
            var last = await Db.CourseworkItems.Where(x => x.CourseId == courseId && x.Date == date && x.Id != item.Id)
                .MaxAsync(x => (int?)x.Position, cancellationToken);
            item.Position = (last ?? -1) + 1;
        }

        // Before the release changes: whether people have seen the old time is judged by the release they saw.
        item.Reschedule(date, Input.Time!.Value, Input.EndTime, string.IsNullOrWhiteSpace(Input.Room) ? null : Input.Room.Trim(), NowUtc);
        item.Kind = Input.Kind.Trim();
        item.Title = Input.Title.Trim();
        item.DescriptionMarkdown = Input.DescriptionMarkdown ?? "";
        item.ReleaseAt = LocalTime.ToUtc(Input.ReleaseAt, Zone);
        item.LectureId = Input.LectureId;

        return await SaveAsync(item, Input.Version, "coursework item", cancellationToken)
            ? Saved($"Saved “{item.Title}”.", "/Staff/Courses/Coursework/Index")
            : Page();
    }

    protected override void SetFormVersion(Guid version) => Input.Version = version;

    private async Task<bool> LoadAsync(int courseId, int? id, CancellationToken cancellationToken)
    {
        IsNew = id is null;
        ItemId = id;
        if (!await LoadCourseAsync(courseId, cancellationToken))
        {
            return false;
        }

        Lectures = await Db.Lectures.AsNoTracking().Where(l => l.CourseId == courseId).InScheduleOrder().ToListAsync(cancellationToken);
        LectureNumbers = Schedule.Numbers(Lectures);
        if (id is not null)
        {
            Materials = await Db.Materials.AsNoTracking().Where(m => m.CourseworkItemId == id && m.CourseId == courseId)
                .InListOrder().ToListAsync(cancellationToken);
        }

        return true;
    }
}
