using CoursePortal.Data;

namespace CoursePortal.Courses;

/// <summary>
/// Moves a course to a new term: lecture N (in date order, cancelled ones left out) goes to meeting N
/// of the new term's pattern; a coursework item tied to a lecture (by its link, or by being on its day) keeps its
/// distance from it, any other item moves by the term's shift; either is moved off the new term's holidays. The plan is shown in full before anything is saved.
/// </summary>
public static class TermCopy
{
    public sealed record Move(int Number, Lecture Lecture, DateOnly To)
    {
        /// <summary>How far the lecture moves; its materials' release times move as far.</summary>
        public int Days => To.DayNumber - Lecture.Date.DayNumber;
    }

    /// <summary>
    /// Where a coursework item goes: with its lecture's move (<paramref name="With"/>, as many days from it as before),
    /// or by the term's shift; pushed past the holiday it would land on (<paramref name="MovedOff"/>). <paramref name="LectureLeftBehind"/>: it was
    /// tied to a lecture that is not copied (cancelled, or beyond the new term's class days).
    /// </summary>
    public sealed record WorkMove(CourseworkItem Item, DateOnly To, Move? With, Holiday? MovedOff, bool LectureLeftBehind)
    {
        /// <summary>How far its date moves; its release time and its materials' release times move as far.</summary>
        public int Days => To.DayNumber - Item.Date.DayNumber;
    }

    /// <summary>
    /// Everything the copy will do. <paramref name="TermShift"/> is how far the term start moves: course materials
    /// and coursework not tied to a lecture move that far.
    /// </summary>
    public sealed record Plan(
        IReadOnlyList<Move> Moves,
        IReadOnlyList<(int Number, Lecture Lecture)> Unplaced,
        IReadOnlyList<DateOnly> SpareMeetings,
        int TermShift,
        IReadOnlyList<WorkMove> Work,
        IReadOnlyList<Section> Sections);

    /// <summary>What the copy made besides the course itself (these rows hang off the course by their key only).</summary>
    public sealed record Result(Course Course, IReadOnlyList<CourseworkItem> Coursework, IReadOnlyList<Section> Sections);

    public static Plan MakePlan(
        Course source,
        IEnumerable<CourseworkItem> coursework,
        IEnumerable<Section> sections,
        DateOnly newTermStart,
        IReadOnlyList<DateOnly> newMeetings,
        IReadOnlyList<Holiday> newHolidays)
    {
        var numbered = source.Lectures.Where(l => l.Status == LectureStatus.Scheduled)
            .InScheduleOrder()
            .Select((l, i) => (Number: i + 1, Lecture: l))
            .ToList();
        var moves = numbered.Take(newMeetings.Count).Select((x, i) => new Move(x.Number, x.Lecture, newMeetings[i])).ToList();
        var termShift = newTermStart.DayNumber - source.TermStart.DayNumber;
        var byLecture = moves.ToDictionary(m => m.Lecture.Id);
        var byDate = moves.GroupBy(m => m.Lecture.Date).ToDictionary(g => g.Key, g => g.First());

        var work = coursework.InScheduleOrder().Select(item =>
        {
            if (item.LectureId is { } lectureId && byLecture.TryGetValue(lectureId, out var with))
            {
                // Due as many days after (or before) its lecture as it was: "due a week after Lecture 7" stays so.
                var after = item.Date.DayNumber - with.Lecture.Date.DayNumber;
                if (after == 0)
                {
                    return new WorkMove(item, with.To, with, null, false);
                }

                var (shifted, off) = OffHolidays(with.To.AddDays(after), newHolidays);
                return new WorkMove(item, shifted, with, off, false);
            }

            if (item.LectureId is null && byDate.TryGetValue(item.Date, out var sameDay))
            {
                // Not linked, but on a lecture's day: the class day ties it as well as a link would.
                return new WorkMove(item, sameDay.To, sameDay, null, false);
            }

            var (to, movedOff) = OffHolidays(item.Date.AddDays(termShift), newHolidays);
            return new WorkMove(item, to, null, movedOff, item.LectureId is not null);
        }).ToList();

        return new Plan(moves, numbered.Skip(newMeetings.Count).ToList(), newMeetings.Skip(numbered.Count).ToList(),
            termShift, work, sections.InWeekOrder().ToList());
    }

    /// <summary>"Lecture 7: Wed Oct 1, 2025 → Wed Feb 11, 2026"</summary>
    public static string Describe(Move move) =>
        $"Lecture {move.Number}: {Formats.ShortDateWithYear(move.Lecture.Date)} \u2192 {Formats.ShortDateWithYear(move.To)}";

    /// <summary>
    /// "HW 2: Tue Oct 7, 2025 11:59 pm → Tue Jan 13, 2026 11:59 pm (with Lecture 7)", an exam with its hours,
    /// "(moved off Martin Luther King Day)" when a holiday pushed it on.
    /// </summary>
    public static string Describe(WorkMove move)
    {
        var item = move.Item;
        var time = Formats.CourseworkHours(item);
        var why = move.With is { } with ? With(item, with) : "with the term";
        if (move.MovedOff is { } holiday)
        {
            why = move.With is null ? $"moved off {holiday.Name}" : $"{why}, moved off {holiday.Name}";
        }

        if (move.LectureLeftBehind)
        {
            why = $"its lecture is not copied; {why}";
        }

        return $"{item.Title}: {Formats.ShortDateWithYear(item.Date)} {time} \u2192 {Formats.ShortDateWithYear(move.To)} {time} ({why})";
    }

    /// <summary>"with Lecture 7", "4 days after Lecture 7", "1 day before Lecture 7".</summary>
    private static string With(CourseworkItem item, Move with)
    {
        var after = item.Date.DayNumber - with.Lecture.Date.DayNumber;
        return after switch
        {
            0 => $"with Lecture {with.Number}",
            > 0 => $"{Formats.Count(after, "day")} after Lecture {with.Number}",
            _ => $"{Formats.Count(-after, "day")} before Lecture {with.Number}",
        };
    }

    /// <summary>"Precept P01: Tue/Thu 1:30–2:50 pm, Friend 008, led by Ana Li and Bo Park" (leaders loaded with their staff member).</summary>
    public static string Describe(Section section)
    {
        var leaders = section.LeaderNames();
        var text = $"{section.Name}: {Formats.ShortDays(section.Days)} {Formats.TimeRange(section.StartTime, section.EndTime)}";
        if (!string.IsNullOrWhiteSpace(section.Room))
        {
            text += $", {section.Room}";
        }

        return leaders.Count == 0 ? text : $"{text}, led by {string.Join(" and ", leaders)}";
    }

    /// <summary>
    /// The new term's course before <see cref="Build"/> fills it: its address, term and dates, the source's zone and
    /// meeting pattern (the single-course copy page lets staff change the pattern before building).
    /// </summary>
    public static Course Target(Course source, string slug, string termName, DateOnly start, DateOnly end) => new()
    {
        Slug = slug,
        Code = "",
        Title = "",
        TermName = termName,
        TermStart = start,
        TermEnd = end,
        TimeZoneId = source.TimeZoneId,
        MeetingDays = source.MeetingDays,
        MeetingStart = source.MeetingStart,
        MeetingEnd = source.MeetingEnd,
    };

    /// <summary>
    /// Builds the new course: information, staff, office hours, access, the planned lectures, the coursework, the
    /// sections (led by the copies of their leaders) and all materials (sharing the stored files, each kept with the
    /// copy of its lecture or coursework item, release times moved as far as that). Announcements stay behind.
    /// </summary>
    public static Result Build(Course source, Plan plan, Course target, IEnumerable<Holiday> holidays, IEnumerable<CourseAssignment> access, DateTime now)
    {
        var zone = CourseClock.Zone(source.TimeZoneId);
        target.Code = source.Code;
        target.Title = source.Title;
        target.Location = source.Location;
        target.DescriptionMarkdown = source.DescriptionMarkdown;
        target.PrerequisitesMarkdown = source.PrerequisitesMarkdown;
        target.IsPublished = false;
        target.DepartmentId = source.DepartmentId;
        target.CopiedFromId = source.Id;
        // The new term's own holidays reach the copy through its term; only holidays of the course's own are copied.
        target.Holidays.AddRange(holidays.Where(h => !h.IsTerms).Select(h => new Holiday { Name = h.Name, StartDate = h.StartDate, EndDate = h.EndDate }));

        var staffCopies = new Dictionary<int, StaffMember>();
        foreach (var member in source.Staff.InListOrder())
        {
            var copy = new StaffMember { Name = member.Name, Role = member.Role, Email = member.Email, SortOrder = member.SortOrder, UserId = member.UserId };
            copy.OfficeHours.AddRange(member.OfficeHours.Select(o => new OfficeHour { Weekday = o.Weekday, Start = o.Start, End = o.End, Place = o.Place, Note = o.Note }));
            target.Staff.Add(copy);
            staffCopies[member.Id] = copy;
        }

        target.Assignments.AddRange(access.Select(a => new CourseAssignment { UserId = a.UserId, Role = a.Role, CreatedAt = now }));

        var lectureCopies = new Dictionary<int, (Lecture? Copy, int Days)>();
        foreach (var move in plan.Moves)
        {
            var old = move.Lecture;
            var lecture = new Lecture
            {
                Date = move.To,
                StartTime = old.StartTime,
                EndTime = old.EndTime,
                Room = old.Room,
                Topic = old.Topic,
                NotesMarkdown = old.NotesMarkdown,
            };
            target.Lectures.Add(lecture);
            lectureCopies[old.Id] = (lecture, move.Days);
        }

        // A new item: no calendar sequence and no "changed" marker carried over from the old term.
        var itemCopies = new Dictionary<int, (CourseworkItem Copy, int Days)>();
        foreach (var work in plan.Work)
        {
            var old = work.Item;
            var item = new CourseworkItem
            {
                Course = target,
                Kind = old.Kind,
                Title = old.Title,
                DescriptionMarkdown = old.DescriptionMarkdown,
                ReleaseAt = Shift(old.ReleaseAt, work.Days, zone),
                Date = work.To,
                Time = old.Time,
                EndTime = old.EndTime,
                Room = old.Room,
                Lecture = work.With is { } with && work.Item.LectureId is not null ? lectureCopies[with.Lecture.Id].Copy : null,
                Position = old.Position,
            };
            itemCopies[old.Id] = (item, work.Days);
        }

        foreach (var material in source.Materials)
        {
            var lecture = material.LectureId is { } lectureId ? lectureCopies.GetValueOrDefault(lectureId) : default;
            if (material.CourseworkItemId is { } itemId && itemCopies.TryGetValue(itemId, out var item))
            {
                var copy = CopyMaterial(material, item.Days, lecture.Copy, zone);
                copy.CourseworkItem = item.Copy;
                target.Materials.Add(copy);
            }
            else if (material.LectureId is null)
            {
                target.Materials.Add(CopyMaterial(material, plan.TermShift, null, zone));
            }
            else if (lecture.Copy is not null)
            {
                target.Materials.Add(CopyMaterial(material, lecture.Days, lecture.Copy, zone));
            }
        }

        var sections = plan.Sections.Select(s =>
        {
            var copy = new Section
            {
                Course = target, Name = s.Name, Days = s.Days, StartTime = s.StartTime, EndTime = s.EndTime, Room = s.Room, Note = s.Note,
            };
            copy.Leaders.AddRange(s.Leaders
                .Where(leader => staffCopies.ContainsKey(leader.StaffMemberId))
                .Select(leader => new SectionLeader { StaffMember = staffCopies[leader.StaffMemberId] }));
            return copy;
        }).ToList();

        return new Result(target, itemCopies.Values.Select(i => i.Copy).ToList(), sections);
    }

    /// <summary>The date itself, or the first day after the holidays it falls on, with the (first) holiday it was moved off.</summary>
    private static (DateOnly Date, Holiday? MovedOff) OffHolidays(DateOnly date, IReadOnlyList<Holiday> holidays)
    {
        Holiday? movedOff = null;
        while (holidays.FirstOrDefault(h => h.Contains(date)) is { } holiday)
        {
            movedOff ??= holiday;
            date = holiday.EndDate.AddDays(1);
        }

        return (date, movedOff);
    }

    /// <summary>
    /// A release time moved by whole days keeps its local time of day (9 am stays 9 am across a clock change), so an
    /// item released a week before it is due still is, and a handout still comes out with its lecture.
    /// </summary>
    private static DateTime? Shift(DateTime? utc, int days, TimeZoneInfo zone)
    {
        if (utc is not { } instant)
        {
            return null;
        }

        var local = CourseClock.ToLocal(instant, zone);
        return CourseClock.ToUtc(DateOnly.FromDateTime(local).AddDays(days), TimeOnly.FromDateTime(local), zone);
    }

    private static Material CopyMaterial(Material m, int shiftDays, Lecture? lecture, TimeZoneInfo zone)
    {
        var copy = new Material
        {
            Lecture = lecture,
            Title = m.Title,
            Kind = m.Kind,
            Url = m.Url,
            FileName = m.FileName,
            FileHash = m.FileHash,
            FileSize = m.FileSize,
            ContentType = m.ContentType,
            IsDraft = m.IsDraft,
            VisibleFrom = Shift(m.VisibleFrom, shiftDays, zone),
            SortOrder = m.SortOrder,
        };
        copy.Versions.AddRange(m.Versions.Select(v => new MaterialVersion
        {
            FileHash = v.FileHash, FileName = v.FileName, FileSize = v.FileSize, UploadedAt = v.UploadedAt, UploadedBy = v.UploadedBy,
        }));
        return copy;
    }
}
