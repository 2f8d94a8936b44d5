using System.ComponentModel.DataAnnotations;
using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Editing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Staff.Courses.Sections;

/// <summary>Adds a section (no id) or edits one: its name, weekly days and times, room, leaders and note.</summary>
public sealed class EditModel(PortalDbContext db) : CoursePageModel(db)
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool IsNew { get; private set; }

    /// <summary>The course's staff, in their listed order: who may lead a section.</summary>
    public IReadOnlyList<StaffMember> Staff { get; private set; } = [];

    public sealed class InputModel
    {
        [Required, StringLength(Section.NameMaxLength), Display(Name = "Name")]
        public string Name { get; set; } = "";

        [Display(Name = "Meets on")]
        public List<DayOfWeek> Days { get; set; } = [];

        [Required, Display(Name = "Starts")]
        public TimeOnly? StartTime { get; set; }

        [Required, Display(Name = "Ends")]
        public TimeOnly? EndTime { get; set; }

        [StringLength(Section.RoomMaxLength), Display(Name = "Room")]
        public string? Room { get; set; }

        [Display(Name = "Led by")]
        public List<int> LeaderIds { get; set; } = [];

        [StringLength(Section.NoteMaxLength), Display(Name = "Note")]
        public string? Note { get; set; }

        public Guid Version { get; set; }

        /// <summary>The checked days as the model stores them.</summary>
        public Weekdays Weekdays => Days.Aggregate(Weekdays.None, (days, d) => days | Formats.ToFlag(d));
    }

    public async Task<IActionResult> OnGetAsync(int courseId, int? id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(courseId, id, cancellationToken))
        {
            return NotFound();
        }

        if (id is null)
        {
            return Page();
        }

        var s = await Db.Sections.AsNoTracking().Include(x => x.Leaders).SingleOrDefaultAsync(x => x.Id == id && x.CourseId == courseId, cancellationToken);
        if (s is null)
        {
            return NotFound();
        }

        Input = new InputModel
        {
            Name = s.Name, Days = Formats.DaysOf(s.Days).ToList(), StartTime = s.StartTime, EndTime = s.EndTime, Room = s.Room,
            LeaderIds = s.Leaders.Select(l => l.StaffMemberId).ToList(), Note = s.Note, Version = s.Version,
        };
        RememberOriginal(s);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int courseId, int? id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(courseId, id, cancellationToken))
        {
            return NotFound();
        }

        AddProblem("Input.Days", TimeRules.DaysProblem(Input.Weekdays));
        AddProblem("Input.EndTime", TimeRules.RangeProblem(Input.StartTime, Input.EndTime));
        if (Input.LeaderIds.Any(leader => Staff.All(s => s.Id != leader)))
        {
            ModelState.AddModelError("Input.LeaderIds", "Choose the leaders among this course's staff.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var section = id is null ? null : await Db.Sections.Include(x => x.Leaders).SingleOrDefaultAsync(x => x.Id == id && x.CourseId == courseId, cancellationToken);
        if (id is { } gone && section is null)
        {
            return await DeletedMeanwhileAsync<Section>(gone, "section", cancellationToken);
        }

        if (section is null)
        {
            section = new Section { CourseId = courseId, Name = "" };
            Db.Sections.Add(section);
        }

        section.Name = Input.Name.Trim();
        section.Days = Input.Weekdays;
        section.StartTime = Input.StartTime!.Value;
        section.EndTime = Input.EndTime!.Value;
        section.Room = string.IsNullOrWhiteSpace(Input.Room) ? null : Input.Room.Trim();
        section.Note = Input.Note?.Trim() ?? "";

        var wanted = Input.LeaderIds.ToHashSet();
        var leadersChanged = section.Leaders.RemoveAll(l => !wanted.Contains(l.StaffMemberId)) > 0;
        foreach (var staffId in wanted.Where(w => section.Leaders.All(l => l.StaffMemberId != w)))
        {
            section.Leaders.Add(new SectionLeader { StaffMember = Staff.Single(s => s.Id == staffId) });
            leadersChanged = true;
        }

        if (leadersChanged && Db.Entry(section).State == EntityState.Unchanged)
        {
            // Who leads it is part of the section: a change of leaders alone is a change of the section (its version, its conflict check).
            Db.Entry(section).State = EntityState.Modified;
        }

        return await SaveAsync(section, Input.Version, "section", cancellationToken)
            ? Saved($"Saved the section “{section.Name}”.", "/Staff/Courses/Sections/Index")
            : Page();
    }

    protected override void SetFormVersion(Guid version) => Input.Version = version;

    private async Task<bool> LoadAsync(int courseId, int? id, CancellationToken cancellationToken)
    {
        IsNew = id is null;
        if (!await LoadCourseAsync(courseId, cancellationToken))
        {
            return false;
        }

        // Tracked: new leaders refer to them, and the change log names them.
        Staff = await Db.StaffMembers.Where(s => s.CourseId == courseId).InListOrder().ToListAsync(cancellationToken);
        return true;
    }
}
