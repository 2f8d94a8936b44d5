using System.ComponentModel.DataAnnotations;
using CoursePortal.Data;
using CoursePortal.Editing;
using CoursePortal.Markdown;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Staff.Courses.Announcements;

/// <summary>Writes an announcement: a draft, published now, or scheduled for a time in the course's zone.</summary>
public sealed class EditModel(PortalDbContext db, TimeProvider clock) : CoursePageModel(db)
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool IsNew { get; private set; }

    public sealed class InputModel
    {
        [Required, StringLength(300), Display(Name = "Title")]
        public string Title { get; set; } = "";

        [StringLength(50000), Display(Name = "Message"), Markdown]
        public string? BodyMarkdown { get; set; }

        [Display(Name = "Keep as a draft (students do not see it)")]
        public bool IsDraft { get; set; }

        [Display(Name = "Publish at")]
        public DateTime? PublishAt { get; set; }

        public Guid Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int courseId, int? id, CancellationToken cancellationToken)
    {
        IsNew = id is null;
        if (!await LoadCourseAsync(courseId, cancellationToken))
        {
            return NotFound();
        }

        if (id is null)
        {
            Input.PublishAt = TruncateToMinute(LocalTime.ToLocal(clock.GetUtcNow().UtcDateTime, Zone));
            return Page();
        }

        var a = await Db.Announcements.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id && x.CourseId == courseId, cancellationToken);
        if (a is null)
        {
            return NotFound();
        }

        RememberOriginal(a);
        Input = new InputModel
        {
            Title = a.Title, BodyMarkdown = a.BodyMarkdown, IsDraft = a.PublishAt is null,
            PublishAt = TruncateToMinute(LocalTime.ToLocal(a.PublishAt, Zone)), Version = a.Version,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int courseId, int? id, CancellationToken cancellationToken)
    {
        IsNew = id is null;
        if (!await LoadCourseAsync(courseId, cancellationToken))
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var announcement = id is null ? null : await Db.Announcements.SingleOrDefaultAsync(x => x.Id == id && x.CourseId == courseId, cancellationToken);
        if (id is { } gone && announcement is null)
        {
            return await DeletedMeanwhileAsync<Announcement>(gone, "announcement", cancellationToken);
        }

        if (announcement is null)
        {
            announcement = new Announcement { CourseId = courseId, Title = "" };
            Db.Announcements.Add(announcement);
        }

        announcement.Title = Input.Title.Trim();
        announcement.BodyMarkdown = Input.BodyMarkdown ?? "";
        announcement.PublishAt = Input.IsDraft ? null : LocalTime.ToUtc(Input.PublishAt, Zone) ?? clock.GetUtcNow().UtcDateTime;

        return await SaveAsync(announcement, Input.Version, "announcement", cancellationToken)
            ? Saved($"Saved “{announcement.Title}”.", "/Staff/Courses/Announcements/Index")
            : Page();
    }

    protected override void SetFormVersion(Guid version) => Input.Version = version;

    private static DateTime? TruncateToMinute(DateTime? value) =>
        value is { } v ? new DateTime(v.Year, v.Month, v.Day, v.Hour, v.Minute, 0, v.Kind) : null;
}
