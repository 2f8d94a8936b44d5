using CoursePortal.Terms;
using System.Globalization;
using System.Text.Json;
using CoursePortal.Accounts;
using CoursePortal.Courses;
using CoursePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Editing;

/// <summary>
/// Changes to several lectures of a course at once, for the lectures page: cancel, restore or delete the selected
/// ones, move them by class days (the meeting pattern without holidays), insert a no-lecture day (later lectures
/// move down one class day each), reorder topics over the class days, and undo the last such change. Each change
/// is refused as a whole when a row changed after the list (or preview) was loaded, goes through the stored rules
/// and the audit log like any save, and is written in one transaction together with what undo needs.
/// </summary>
public sealed class ScheduleEditor(PortalDbContext db, CurrentActor actor, TimeProvider clock)
{
    /// <summary>The topic of the row "insert a no-lecture day" adds (cancelled, so it takes no lecture number).</summary>
    public const string NoLectureTopic = "No lecture";

    /// <summary>How far a move may go, either way.</summary>
    public const int MaxMove = 60;

    /// <summary>The outcome of a change, in words for the page.</summary>
    public sealed record Result(bool Done, string Message);

    /// <summary>A planned date change. <paramref name="Note"/> says what to look at (after the term, two on a day).</summary>
    public sealed record Move(Lecture Lecture, int? Number, DateOnly To, string? Note);

    /// <summary>
    /// What a move or an insertion will do: every lecture that moves, the no-lecture day added (insertion), or the
    /// reason it cannot be done.
    /// </summary>
    public sealed record Plan(string Description, IReadOnlyList<Move> Moves, DateOnly? NoLectureOn, string? Problem);

    /// <summary>The last bulk change, and why it can no longer be undone (null: it can).</summary>
    public sealed record UndoState(string Description, string UserName, DateTime At, string? Blocked);

    /// <summary>What a row holds that a bulk change may change, so undo can put it back.</summary>
    public sealed record RowState(
        DateOnly Date, TimeOnly? StartTime, TimeOnly? EndTime, string? Room, string Topic, string NotesMarkdown, LectureStatus Status, string CancellationNote)
    {
        public static RowState Of(Lecture l) => new(l.Date, l.StartTime, l.EndTime, l.Room, l.Topic, l.NotesMarkdown, l.Status, l.CancellationNote);

        public void ApplyTo(Lecture l)
        {
            l.Date = Date;
            l.StartTime = StartTime;
            l.EndTime = EndTime;
            l.Room = Room;
            l.Topic = Topic;
            l.NotesMarkdown = NotesMarkdown;
            l.Status = Status;
            l.CancellationNote = CancellationNote;
        }
    }

    /// <summary>
    /// One row of a bulk change: <paramref name="Before"/> null, the change added it; <paramref name="After"/> null, the
    /// change deleted it (with the materials and coursework that were tied to it, tied again on undo).
    /// </summary>
    public sealed record UndoStep(int LectureId, RowState? Before, Guid? After, IReadOnlyList<int>? MaterialIds = null, IReadOnlyList<int>? CourseworkIds = null);

    /// <summary>A course's lectures in schedule order, tracked for a change.</summary>
    public Task<List<Lecture>> LecturesAsync(int courseId, CancellationToken cancellationToken) =>
        db.Lectures.Where(l => l.CourseId == courseId).InScheduleOrder().ToListAsync(cancellationToken);

    /// <summary>
    /// The course's class days from the term's start, continued a year past its end so a move near the end can be
    /// shown (and flagged) rather than refused.
    /// </summary>
    public async Task<IReadOnlyList<DateOnly>> ClassDaysAsync(Course course, CancellationToken cancellationToken)
    {
        var holidays = await CourseHolidays.ForCourseAsync(db, course.Id, cancellationToken);
        return MeetingPattern.Dates(course.TermStart, course.TermEnd.AddDays(366), course.MeetingDays, holidays);
    }

    /// <summary>The class day <paramref name="by"/> class days after (before, when negative) <paramref name="from"/>, or null past the first.</summary>
    public static DateOnly? Shift(DateOnly from, int by, IReadOnlyList<DateOnly> classDays)
    {
        var found = by > 0 ? classDays.Where(d => d > from).Skip(by - 1).Take(1).ToList()
            : classDays.Where(d => d < from).Reverse().Skip(-by - 1).Take(1).ToList();
        return found.Count == 0 ? null : found[0];
    }

    public async Task<Plan> PlanMoveAsync(Course course, IReadOnlyCollection<int> selected, int by, CancellationToken cancellationToken)
    {
        var lectures = await LecturesAsync(course.Id, cancellationToken);
        var chosen = lectures.Where(l => selected.Contains(l.Id)).ToList();
        var description = $"Moved {Count(chosen.Count)} {Math.Abs(by)} class {(Math.Abs(by) == 1 ? "day" : "days")} {(by > 0 ? "later" : "earlier")}";
        if (by == 0 || Math.Abs(by) > MaxMove)
        {
            return new Plan(description, [], null, $"Move by: enter a number of class days from 1 to {MaxMove}, negative to move earlier (−1 is one class day earlier).");
        }

        if (chosen.Count == 0)
        {
            return new Plan(description, [], null, "Select the lectures to move first (the boxes at the start of their rows).");
        }

        if (course.MeetingDays == Weekdays.None)
        {
            return new Plan(description, [], null, NoPatternProblem);
        }

        var classDays = await ClassDaysAsync(course, cancellationToken);
        var targets = new Dictionary<int, DateOnly>();
        foreach (var lecture in chosen)
        {
            if (Shift(lecture.Date, by, classDays) is not { } to)
            {
                return new Plan(description, [], null,
                    $"The lecture of {Formats.ShortDateWithYear(lecture.Date)} cannot move {Math.Abs(by)} class {(Math.Abs(by) == 1 ? "day" : "days")} earlier: the term's first class day is {(classDays.Count > 0 ? Formats.ShortDateWithYear(classDays[0]) : "not set")}.");
            }

            targets[lecture.Id] = to;
        }

        return new Plan(description, Moves(course, lectures, targets), null, null);
    }

    public async Task<Plan> PlanInsertAsync(Course course, DateOnly on, CancellationToken cancellationToken)
    {
        var lectures = await LecturesAsync(course.Id, cancellationToken);
        var later = lectures.Where(l => l.Date >= on).ToList();
        var description = $"Added a no-lecture day on {Formats.ShortDateWithYear(on)}" +
            (later.Count > 0 ? $"; {Count(later.Count)} moved one class day later" : "");
        if (course.MeetingDays == Weekdays.None)
        {
            return new Plan(description, [], null, NoPatternProblem);
        }

        var classDays = await ClassDaysAsync(course, cancellationToken);
        if (on > course.TermEnd || !classDays.Contains(on))
        {
            return new Plan(description, [], null,
                $"Insert a no-lecture day on: {Formats.ShortDateWithYear(on)} is not a class day of the term (the course meets on {Formats.Days(course.MeetingDays)} from {Formats.ShortDateWithYear(course.TermStart)} to {Formats.ShortDateWithYear(course.TermEnd)}, holidays excepted). Choose one of its class days.");
        }

        var targets = later.ToDictionary(l => l.Id, l => Shift(l.Date, 1, classDays) ?? l.Date);
        return new Plan(description, Moves(course, lectures, targets), on, null);
    }

    /// <summary>Carries out a plan made in this request, if every row it moves is still as <paramref name="listed"/> (id → version) saw it.</summary>
    public async Task<Result> ApplyAsync(Course course, Plan plan, IReadOnlyDictionary<int, Guid> listed, CancellationToken cancellationToken)
    {
        if (plan.Problem is not null)
        {
            return new Result(false, plan.Problem);
        }

        if (await StaleAsync(course, plan.Moves.Select(m => m.Lecture), listed, cancellationToken) is { } stale)
        {
            return new Result(false, stale);
        }

        // The plan made now must move every row the preview showed moving: one that dropped out was deleted or changed.
        if (await DroppedAsync(course, plan, listed, cancellationToken) is { } dropped)
        {
            return new Result(false, dropped);
        }

        var changed = plan.Moves.Select(m => (m.Lecture, Before: RowState.Of(m.Lecture))).ToList();
        foreach (var move in plan.Moves)
        {
            move.Lecture.Date = move.To;
        }

        var added = new List<Lecture>();
        if (plan.NoLectureOn is { } day)
        {
            var marker = new Lecture { CourseId = course.Id, Date = day, Topic = NoLectureTopic, Status = LectureStatus.Cancelled };
            db.Lectures.Add(marker);
            added.Add(marker);
        }

        return await CommitAsync(course, plan.Description, changed, added, [], listed, cancellationToken);
    }

    /// <summary>Cancels or restores the selected lectures that are not so already.</summary>
    public async Task<Result> SetStatusAsync(Course course, IReadOnlyCollection<int> selected, IReadOnlyDictionary<int, Guid> listed, LectureStatus status, CancellationToken cancellationToken)
    {
        var verb = status == LectureStatus.Cancelled ? "Cancelled" : "Restored";
        var (chosen, problem) = await SelectedAsync(course, selected, listed, cancellationToken);
        if (problem is not null)
        {
            return new Result(false, problem);
        }

        var changing = chosen.Where(l => l.Status != status).ToList();
        if (changing.Count == 0)
        {
            return new Result(false, $"Nothing to do: the selected lectures are {(status == LectureStatus.Cancelled ? "cancelled" : "scheduled")} already.");
        }

        var changed = changing.Select(l => (l, RowState.Of(l))).ToList();
        foreach (var lecture in changing)
        {
            lecture.Status = status;
            if (status == LectureStatus.Scheduled)
            {
                // As the lecture's own form does: a restored lecture shows no cancellation reason.
                lecture.CancellationNote = "";
            }
        }

        return await CommitAsync(course, $"{verb} {Describe(changing)}", changed, [], [], listed, cancellationToken);
    }

    /// <summary>Deletes the selected lectures; their materials and coursework stay, no longer tied to them (undo ties them again).</summary>
    public async Task<Result> DeleteAsync(Course course, IReadOnlyCollection<int> selected, IReadOnlyDictionary<int, Guid> listed, CancellationToken cancellationToken)
    {
        var (chosen, problem) = await SelectedAsync(course, selected, listed, cancellationToken);
        if (problem is not null)
        {
            return new Result(false, problem);
        }

        var ids = chosen.Select(l => l.Id).ToList();
        var materials = await db.Materials.AsNoTracking().Where(m => m.LectureId != null && ids.Contains(m.LectureId.Value))
            .Select(m => new { m.Id, LectureId = m.LectureId!.Value }).ToListAsync(cancellationToken);
        var work = await db.CourseworkItems.AsNoTracking().Where(i => i.LectureId != null && ids.Contains(i.LectureId.Value))
            .Select(i => new { i.Id, LectureId = i.LectureId!.Value }).ToListAsync(cancellationToken);
        var steps = chosen.Select(l => new UndoStep(l.Id, RowState.Of(l), null,
            materials.Where(m => m.LectureId == l.Id).Select(m => m.Id).ToList(),
            work.Where(w => w.LectureId == l.Id).Select(w => w.Id).ToList())).ToList();
        var description = $"Deleted {Describe(chosen)}";
        foreach (var lecture in chosen)
        {
            db.Entry(lecture).Property(l => l.Version).OriginalValue = listed[lecture.Id];
        }

        db.Lectures.RemoveRange(chosen);
        return await CommitAsync(course, description, [], [], steps, listed, cancellationToken);
    }

    /// <summary>
    /// Puts the lectures in <paramref name="order"/> (every lecture of the course, by id) onto the class days they
    /// take now, in turn: the days (date, times, room) stay, the topics (with their notes, status and materials) move.
    /// </summary>
    public async Task<Result> ReorderAsync(Course course, IReadOnlyList<int> order, IReadOnlyDictionary<int, Guid> listed, string? description, CancellationToken cancellationToken)
    {
        var lectures = await LecturesAsync(course.Id, cancellationToken);
        if (order.Count != lectures.Count || !order.ToHashSet().SetEquals(lectures.Select(l => l.Id)))
        {
            return new Result(false, "Nothing was changed: the list of lectures changed since the page was loaded (one was added or deleted). Look at the list again and reorder once more.");
        }

        var byId = lectures.ToDictionary(l => l.Id);
        var slots = lectures.Select(l => (l.Date, l.StartTime, l.EndTime, l.Room)).ToList();
        var changed = new List<(Lecture, RowState)>();
        for (var i = 0; i < order.Count; i++)
        {
            var lecture = byId[order[i]];
            if ((lecture.Date, lecture.StartTime, lecture.EndTime, lecture.Room) != slots[i])
            {
                changed.Add((lecture, RowState.Of(lecture)));
            }
        }

        if (changed.Count == 0)
        {
            return new Result(false, "Nothing to do: the topics are in that order already.");
        }

        if (await StaleAsync(course, changed.Select(c => c.Item1), listed, cancellationToken) is { } stale)
        {
            return new Result(false, stale);
        }

        for (var i = 0; i < order.Count; i++)
        {
            var lecture = byId[order[i]];
            (lecture.Date, lecture.StartTime, lecture.EndTime, lecture.Room) = slots[i];
        }

        return await CommitAsync(course, description ?? $"Reordered the topics of {Count(changed.Count)}", changed, [], [], listed, cancellationToken);
    }

    /// <summary>Swaps a lecture's topic with the one before (<paramref name="by"/> −1) or after (+1) it.</summary>
    public async Task<Result> MoveTopicAsync(Course course, int id, int by, IReadOnlyDictionary<int, Guid> listed, CancellationToken cancellationToken)
    {
        var order = (await LecturesAsync(course.Id, cancellationToken)).ToList();
        var index = order.FindIndex(l => l.Id == id);
        if (index < 0)
        {
            return new Result(false, "Nothing was changed: that lecture was deleted since the page was loaded.");
        }

        var other = index + Math.Sign(by);
        if (by == 0 || other < 0 || other >= order.Count)
        {
            return new Result(false, $"“{order[index].Topic}” is {(other < 0 ? "first" : "last")} already.");
        }

        var lecture = order[index];
        var description = $"Moved “{Shorten(lecture.Topic)}” {(by < 0 ? "up" : "down")} to {Formats.ShortDateWithYear(order[other].Date)}, swapping it with “{Shorten(order[other].Topic)}”";
        (order[index], order[other]) = (order[other], order[index]);
        return await ReorderAsync(course, order.Select(l => l.Id).ToList(), listed, description, cancellationToken);
    }

    /// <summary>The last bulk change of the course, with why it cannot be undone any more; null when there is none.</summary>
    public async Task<UndoState?> UndoStateAsync(Course course, CancellationToken cancellationToken)
    {
        var undo = await db.ScheduleUndos.AsNoTracking().SingleOrDefaultAsync(u => u.CourseId == course.Id, cancellationToken);
        if (undo is null)
        {
            return null;
        }

        var steps = Read(undo.Steps);
        var blocked = steps is null ? "what it changed could not be read back." : await BlockedAsync(course, steps, cancellationToken);
        return new UndoState(undo.Description, undo.UserName, undo.At, blocked);
    }

    /// <summary>Puts back what the last bulk change changed, if none of those rows changed since.</summary>
    public async Task<Result> UndoAsync(Course course, CancellationToken cancellationToken)
    {
        var undo = await db.ScheduleUndos.SingleOrDefaultAsync(u => u.CourseId == course.Id, cancellationToken);
        if (undo is null)
        {
            return new Result(false, "There is no bulk change to undo.");
        }

        var steps = Read(undo.Steps);
        var blocked = steps is null ? "what it changed could not be read back." : await BlockedAsync(course, steps, cancellationToken);
        if (blocked is not null)
        {
            return new Result(false, $"Undo is no longer possible: {blocked}");
        }

        foreach (var step in steps!)
        {
            if (step.After is { } after)
            {
                var lecture = await db.Lectures.SingleAsync(l => l.Id == step.LectureId && l.CourseId == course.Id, cancellationToken);
                db.Entry(lecture).Property(l => l.Version).OriginalValue = after;
                if (step.Before is { } before)
                {
                    before.ApplyTo(lecture);
                }
                else
                {
                    db.Lectures.Remove(lecture);
                }
            }
            else if (step.Before is { } before)
            {
                var lecture = new Lecture { CourseId = course.Id, Topic = "" };
                before.ApplyTo(lecture);
                db.Lectures.Add(lecture);
                var materials = step.MaterialIds ?? [];
                var work = step.CourseworkIds ?? [];
                // Only what is still loose: a material or item given another place since stays there.
                foreach (var material in await db.Materials.Where(m => m.CourseId == course.Id && materials.Contains(m.Id) && m.LectureId == null && m.CourseworkItemId == null).ToListAsync(cancellationToken))
                {
                    material.Lecture = lecture;
                }

                foreach (var item in await db.CourseworkItems.Where(i => i.CourseId == course.Id && work.Contains(i.Id) && i.LectureId == null).ToListAsync(cancellationToken))
                {
                    item.Lecture = lecture;
                }
            }
        }

        db.ScheduleUndos.Remove(undo);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new Result(false, "Undo is no longer possible: someone changed one of these lectures a moment ago.");
        }
        catch (StoredRuleException refused)
        {
            db.ChangeTracker.Clear();
            return new Result(false, $"Not undone: {string.Join(" ", refused.Problems)}");
        }

        return new Result(true, $"Undone: {undo.Description}.");
    }

    private const string NoPatternProblem = "The course has no meeting days, so it has no class days to move lectures to. Set them under Information first.";

    private static List<Move> Moves(Course course, List<Lecture> lectures, Dictionary<int, DateOnly> targets)
    {
        var numbers = Schedule.Numbers(lectures);
        var after = lectures.ToDictionary(l => l.Id, l => targets.GetValueOrDefault(l.Id, l.Date));
        return lectures.Where(l => targets.ContainsKey(l.Id) && targets[l.Id] != l.Date).Select(l =>
        {
            var to = targets[l.Id];
            var notes = new List<string>();
            if (to > course.TermEnd)
            {
                notes.Add($"after the term's end ({Formats.ShortDateWithYear(course.TermEnd)})");
            }

            var sharing = lectures.Where(o => o.Id != l.Id && after[o.Id] == to && o.Status == LectureStatus.Scheduled && l.Status == LectureStatus.Scheduled).ToList();
            if (sharing.Count > 0)
            {
                notes.Add($"shares the day with “{Shorten(sharing[0].Topic)}”");
            }

            return new Move(l, numbers.TryGetValue(l.Id, out var n) ? n : null, to, notes.Count == 0 ? null : string.Join("; ", notes));
        }).ToList();
    }

    /// <summary>The selected lectures of the course, or why the change cannot go on.</summary>
    private async Task<(List<Lecture> Chosen, string? Problem)> SelectedAsync(Course course, IReadOnlyCollection<int> selected, IReadOnlyDictionary<int, Guid> listed, CancellationToken cancellationToken)
    {
        if (selected.Count == 0)
        {
            return ([], "Select one or more lectures first (the boxes at the start of their rows).");
        }

        var chosen = (await LecturesAsync(course.Id, cancellationToken)).Where(l => selected.Contains(l.Id)).ToList();
        if (chosen.Count < selected.Distinct().Count())
        {
            return ([], "Nothing was changed: a lecture you selected was deleted since the page was loaded. Look at the list again.");
        }

        return (chosen, await StaleAsync(course, chosen, listed, cancellationToken));
    }

    /// <summary>Why a plan is refused when a lecture the preview moved (<paramref name="listed"/>) is not among its moves now; null when none dropped out.</summary>
    private async Task<string?> DroppedAsync(Course course, Plan plan, IReadOnlyDictionary<int, Guid> listed, CancellationToken cancellationToken)
    {
        var moving = plan.Moves.Select(m => m.Lecture.Id).ToHashSet();
        var missing = listed.Keys.Where(id => !moving.Contains(id)).ToList();
        if (missing.Count == 0)
        {
            return null;
        }

        var present = await db.Lectures.AsNoTracking().Where(l => l.CourseId == course.Id && missing.Contains(l.Id)).ToListAsync(cancellationToken);
        if (await StaleAsync(course, present, listed, cancellationToken) is { } changed)
        {
            return changed;
        }

        if (missing.FirstOrDefault(id => present.All(l => l.Id != id)) is var gone and > 0)
        {
            var by = await Concurrency.LastChangeAsync(db, nameof(Lecture), Key(gone), course.Id, CourseClock.Zone(course.TimeZoneId), "Delete", cancellationToken);
            return $"Nothing was changed: a lecture of the preview was deleted since it was shown{(by is { } b ? $" ({b.Who} deleted it{b.When})" : "")}. Look at the preview as it is now and save it again if you still mean it.";
        }

        return "Nothing was changed: the course's schedule changed since the preview was shown. Look at the preview as it is now and save it again if you still mean it.";
    }

    /// <summary>Why the change is refused when a row changed after the list was loaded (its version then is in <paramref name="listed"/>).</summary>
    private async Task<string?> StaleAsync(Course course, IEnumerable<Lecture> rows, IReadOnlyDictionary<int, Guid> listed, CancellationToken cancellationToken)
    {
        var changed = rows.FirstOrDefault(l => !listed.TryGetValue(l.Id, out var version) || version != l.Version);
        if (changed is null)
        {
            return null;
        }

        var by = await Concurrency.LastChangeAsync(db, nameof(Lecture), Key(changed.Id), course.Id, CourseClock.Zone(course.TimeZoneId), null, cancellationToken);
        var who = by is { } b ? $"{b.Who} changed it{b.When}" : "it changed";
        return $"Nothing was changed: the lecture of {Formats.ShortDateWithYear(changed.Date)} (“{Shorten(changed.Topic)}”) is not as the page showed it ({who}). Look at the list as it is now and repeat the change if you still mean it.";
    }

    private async Task<Result> CommitAsync(
        Course course, string description, List<(Lecture Lecture, RowState Before)> changed, List<Lecture> added, List<UndoStep> deleted,
        IReadOnlyDictionary<int, Guid> listed, CancellationToken cancellationToken)
    {
        foreach (var (lecture, _) in changed)
        {
            db.Entry(lecture).Property(l => l.Version).OriginalValue = listed[lecture.Id];
        }

        // The change and what undoes it commit together, or neither does.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            var steps = changed.Select(c => new UndoStep(c.Lecture.Id, c.Before, c.Lecture.Version))
                .Concat(added.Select(l => new UndoStep(l.Id, null, l.Version)))
                .Concat(deleted)
                .ToList();
            var undo = await db.ScheduleUndos.SingleOrDefaultAsync(u => u.CourseId == course.Id, cancellationToken);
            if (undo is null)
            {
                undo = new ScheduleUndo { CourseId = course.Id };
                db.ScheduleUndos.Add(undo);
            }

            undo.At = clock.GetUtcNow().UtcDateTime;
            undo.UserName = actor.Name;
            undo.Description = description.Length > ScheduleUndo.DescriptionMaxLength ? description[..(ScheduleUndo.DescriptionMaxLength - 1)] + "…" : description;
            undo.Steps = JsonSerializer.Serialize(steps);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new Result(false, "Nothing was changed: someone changed or deleted one of these lectures a moment ago. Look at the list again and repeat the change if you still mean it.");
        }
        catch (StoredRuleException refused)
        {
            db.ChangeTracker.Clear();
            return new Result(false, $"Nothing was changed: {string.Join(" ", refused.Problems)}");
        }

        return new Result(true, $"{description}. You can undo this on the lectures page until one of these lectures is changed again.");
    }

    /// <summary>Why the steps can no longer be undone: a row they left was changed or deleted since.</summary>
    private async Task<string?> BlockedAsync(Course course, IReadOnlyList<UndoStep> steps, CancellationToken cancellationToken)
    {
        var ids = steps.Where(s => s.After is not null).Select(s => s.LectureId).ToList();
        var now = await db.Lectures.AsNoTracking().Where(l => l.CourseId == course.Id && ids.Contains(l.Id))
            .Select(l => new { l.Id, l.Version, l.Date, l.Topic }).ToDictionaryAsync(l => l.Id, cancellationToken);
        var zone = CourseClock.Zone(course.TimeZoneId);
        foreach (var step in steps.Where(s => s.After is not null))
        {
            var action = now.ContainsKey(step.LectureId) ? null : "Delete";
            if (action is null && now[step.LectureId].Version == step.After)
            {
                continue;
            }

            var by = await Concurrency.LastChangeAsync(db, nameof(Lecture), Key(step.LectureId), course.Id, zone, action, cancellationToken);
            var who = by is { } b ? $" by {b.Who}{b.When}" : "";
            return now.TryGetValue(step.LectureId, out var row)
                ? $"the lecture of {Formats.ShortDateWithYear(row.Date)} (“{Shorten(row.Topic)}”) was changed since{who}."
                : $"one of its lectures was deleted since{who}.";
        }

        return null;
    }

    private static List<UndoStep>? Read(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<List<UndoStep>>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Describe(List<Lecture> lectures) =>
        lectures.Count == 1 ? $"the lecture of {Formats.ShortDateWithYear(lectures[0].Date)}" : Count(lectures.Count);

    private static string Count(int n) => n == 1 ? "1 lecture" : $"{n} lectures";

    private static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Shorten(string text) => text.Length > 60 ? text[..59] + "…" : text;
}
