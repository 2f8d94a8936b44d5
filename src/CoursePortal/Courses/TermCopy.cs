using CoursePortal.Data;

namespace CoursePortal.Courses;

/// <summary>
/// Moves a course to a new term: lecture N (in date order, cancelled ones left out) goes to meeting N
/// of the new term's pattern. The plan is shown in full before anything is saved.
/// </summary>
public static class TermCopy
{
    public sealed record Move(int Number, Lecture Lecture, DateOnly To)
    {
        /// <summary>How far the lecture moves; its materials' release times move as far.</summary>
        public int Days => To.DayNumber - Lecture.Date.DayNumber;
    }

    public sealed record Plan(IReadOnlyList<Move> Moves, IReadOnlyList<(int Number, Lecture Lecture)> Unplaced, IReadOnlyList<DateOnly> SpareMeetings);

    public static Plan MakePlan(IEnumerable<Lecture> lectures, IReadOnlyList<DateOnly> newMeetings)
    {
        var numbered = lectures.Where(l => l.Status == LectureStatus.Scheduled)
            .InScheduleOrder()
            .Select((l, i) => (Number: i + 1, Lecture: l))
            .ToList();
        var moves = numbered.Take(newMeetings.Count).Select((x, i) => new Move(x.Number, x.Lecture, newMeetings[i])).ToList();
        return new Plan(moves, numbered.Skip(newMeetings.Count).ToList(), newMeetings.Skip(numbered.Count).ToList());
    }

    /// <summary>"Lecture 7: Wed Oct 1, 2025 → Wed Feb 11, 2026"</summary>
    public static string Describe(Move move) =>
        $"Lecture {move.Number}: {Formats.ShortDateWithYear(move.Lecture.Date)} \u2192 {Formats.ShortDateWithYear(move.To)}";

    /// <summary>
    /// Builds the new course: information, staff, office hours, access, the planned lectures and all
    /// materials (sharing the stored files, release times shifted like their lecture). Announcements stay behind.
    /// </summary>
    public static Course Build(Course source, Plan plan, Course target, IEnumerable<Holiday> holidays, IEnumerable<CourseAssignment> access, DateTime now)
    {
        target.Code = source.Code;
        target.Title = source.Title;
        target.Location = source.Location;
        target.DescriptionMarkdown = source.DescriptionMarkdown;
        target.PrerequisitesMarkdown = source.PrerequisitesMarkdown;
        target.IsPublished = false;
        target.Holidays.AddRange(holidays.Select(h => new Holiday { Name = h.Name, StartDate = h.StartDate, EndDate = h.EndDate }));

        foreach (var member in source.Staff.OrderBy(s => s.SortOrder))
        {
            var copy = new StaffMember { Name = member.Name, Role = member.Role, Email = member.Email, SortOrder = member.SortOrder, UserId = member.UserId };
            copy.OfficeHours.AddRange(member.OfficeHours.Select(o => new OfficeHour { Weekday = o.Weekday, Start = o.Start, End = o.End, Place = o.Place, Note = o.Note }));
            target.Staff.Add(copy);
        }

        target.Assignments.AddRange(access.Select(a => new CourseAssignment { UserId = a.UserId, Role = a.Role, CreatedAt = now }));

        var termShift = target.TermStart.DayNumber - source.TermStart.DayNumber;
        foreach (var material in source.Materials.Where(m => m.LectureId is null))
        {
            target.Materials.Add(CopyMaterial(material, termShift, null));
        }

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
            foreach (var material in source.Materials.Where(m => m.LectureId == old.Id))
            {
                target.Materials.Add(CopyMaterial(material, move.Days, lecture));
            }
        }

        return target;
    }

    private static Material CopyMaterial(Material m, int shiftDays, Lecture? lecture)
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
            VisibleFrom = m.VisibleFrom?.AddDays(shiftDays),
            SortOrder = m.SortOrder,
        };
        copy.Versions.AddRange(m.Versions.Select(v => new MaterialVersion
        {
            FileHash = v.FileHash, FileName = v.FileName, FileSize = v.FileSize, UploadedAt = v.UploadedAt, UploadedBy = v.UploadedBy,
        }));
        return copy;
    }
}
