using System.ComponentModel.DataAnnotations;
using CoursePortal.Data;
using CoursePortal.Editing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Staff.Courses.People;

/// <summary>Adds or edits one weekly office hour of a staff member.</summary>
public sealed class OfficeHourModel(PortalDbContext db) : CoursePageModel(db)
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public StaffMember Member { get; private set; } = null!;

    public bool IsNew { get; private set; }

    public sealed class InputModel
    {
        [Display(Name = "Day")]
        public DayOfWeek Weekday { get; set; } = DayOfWeek.Monday;

        [Required, Display(Name = "Starts")]
        public TimeOnly? Start { get; set; }

        [Required, Display(Name = "Ends")]
        public TimeOnly? End { get; set; }

        [StringLength(200), Display(Name = "Place")]
        public string? Place { get; set; }

        [StringLength(500), Display(Name = "Note")]
        public string? Note { get; set; }

        public Guid Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int courseId, int staffId, int? id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(courseId, staffId, id, cancellationToken))
        {
            return NotFound();
        }

        if (id is not null)
        {
            var o = await Db.OfficeHours.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id && x.StaffMemberId == staffId, cancellationToken);
            if (o is null)
            {
                return NotFound();
            }

            Input = new InputModel { Weekday = o.Weekday, Start = o.Start, End = o.End, Place = o.Place, Note = o.Note, Version = o.Version };
            RememberOriginal(o);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int courseId, int staffId, int? id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(courseId, staffId, id, cancellationToken))
        {
            return NotFound();
        }

        if (!Enum.IsDefined(Input.Weekday))
        {
            ModelState.AddModelError("Input.Weekday", "Choose a day.");
        }

        AddProblem("Input.End", TimeRules.RangeProblem(Input.Start, Input.End));
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var hour = id is null ? null : await Db.OfficeHours.SingleOrDefaultAsync(x => x.Id == id && x.StaffMemberId == staffId, cancellationToken);
        if (id is { } gone && hour is null)
        {
            return await DeletedMeanwhileAsync<OfficeHour>(gone, "office hour", cancellationToken);
        }

        if (hour is null)
        {
            hour = new OfficeHour { StaffMemberId = staffId };
            Db.OfficeHours.Add(hour);
        }

        hour.Weekday = Input.Weekday;
        hour.Start = Input.Start!.Value;
        hour.End = Input.End!.Value;
        hour.Place = Input.Place?.Trim() ?? "";
        hour.Note = Input.Note?.Trim() ?? "";

        return await SaveAsync(hour, Input.Version, "office hour", cancellationToken)
            ? Saved($"Saved the office hour of {Member.Name}.", "/Staff/Courses/People/Index")
            : Page();
    }

    protected override void SetFormVersion(Guid version) => Input.Version = version;

    private async Task<bool> LoadAsync(int courseId, int staffId, int? id, CancellationToken cancellationToken)
    {
        IsNew = id is null;
        if (!await LoadCourseAsync(courseId, cancellationToken))
        {
            return false;
        }

        var member = await Db.StaffMembers.AsNoTracking().SingleOrDefaultAsync(s => s.Id == staffId && s.CourseId == courseId, cancellationToken);
        if (member is null)
        {
            return false;
        }

        Member = member;
        return true;
    }
}
