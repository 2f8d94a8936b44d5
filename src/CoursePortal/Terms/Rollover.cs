using System.Text.RegularExpressions;
using CoursePortal.Courses;
using CoursePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Terms;

/// <summary>
/// Rolls many courses into a new term at once, each with <see cref="TermCopy"/> (the single-course copy's own code):
/// lecture N to class day N of the course's meeting days within the target term, off the target term's holidays.
/// The course's own holidays stay behind (their dates belong to the old term); the target term's reach the copy
/// through its term. A course already rolled into the target term (a copy whose <see cref="Course.CopiedFromId"/> is
/// it) is listed, never copied twice. Copies are unpublished.
/// </summary>
public static partial class Rollover
{
    /// <summary>What rolling one course over will do, shown before anything is saved.</summary>
    public sealed record Preview(
        Course Source,
        TermCopySource Loaded,
        TermCopy.Plan Plan,
        string Slug,
        Course? ExistingCopy,
        IReadOnlyList<string> Warnings,
        IReadOnlyList<ScheduleCheck.Finding> Findings);

    public enum State { Made, Skipped, Failed }

    /// <summary>What happened to one course: its copy (made now, or found from an earlier rollover), or why it failed.</summary>
    public sealed record Outcome(Course Source, State State, Course? Copy, string? Problem);

    public static async Task<IReadOnlyList<Preview>> PreviewAsync(
        PortalDbContext db, IReadOnlyList<Course> sources, Term target, DateTime now, CancellationToken cancellationToken)
    {
        var ids = sources.Select(c => c.Id).ToList();
        var existing = (await db.Courses.AsNoTracking()
                .Where(c => c.CopiedFromId != null && ids.Contains(c.CopiedFromId.Value) && c.TermName == target.Name)
                .ToListAsync(cancellationToken))
            .ToLookup(c => c.CopiedFromId!.Value);
        var taken = (await db.Courses.AsNoTracking().Select(c => c.Slug).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);

        var previews = new List<Preview>();
        foreach (var source in sources)
        {
            var loaded = await TermCopySource.LoadAsync(db, source.Id, cancellationToken);
            var copy = existing[source.Id].FirstOrDefault();
            var wanted = SlugFor(source.Code, target.Name);
            var slug = copy?.Slug ?? Unique(wanted, taken);
            taken.Add(slug);

            var scratch = NewCourse(source, target, slug);
            var holidays = CourseHolidays.With(target.Holidays, scratch);
            var plan = Plan(loaded, target, holidays);
            // The copy as it would be, checked as every course is: what the schedule check would say about it.
            var built = TermCopy.Build(loaded.Course, plan, scratch, holidays, [], now);
            NumberUnsaved(scratch, built);
            var findings = ScheduleCheck.Run(scratch, scratch.Lectures, holidays, built.Coursework, built.Sections);

            var warnings = new List<string>();
            if (copy is not null)
            {
                warnings.Add($"Already rolled over to {target.Name} (/{copy.Slug}); it is not copied again.");
            }
            else if (slug != wanted)
            {
                warnings.Add($"The address /{wanted} is taken; the copy gets /{slug}.");
            }

            if (source.MeetingDays == Weekdays.None)
            {
                warnings.Add("The course has no meeting days, so no lecture has a class day; set them on the copy and generate its lectures.");
            }

            if (plan.Unplaced.Count > 0)
            {
                warnings.Add(plan.Unplaced.Count == 1
                    ? "1 lecture does not fit the new term's class days and is not copied."
                    : $"{plan.Unplaced.Count} lectures do not fit the new term's class days and are not copied.");
            }

            previews.Add(new Preview(source, loaded, plan, slug, copy, warnings, findings));
        }

        return previews;
    }

    /// <summary>Copies every course of <paramref name="previews"/> that has no copy yet, each in one save of its own.</summary>
    public static async Task<IReadOnlyList<Outcome>> ApplyAsync(
        PortalDbContext db, IReadOnlyList<Preview> previews, Term target, DateTime now, CancellationToken cancellationToken)
    {
        var outcomes = new List<Outcome>();
        foreach (var preview in previews)
        {
            if (preview.ExistingCopy is { } existing)
            {
                outcomes.Add(new Outcome(preview.Source, State.Skipped, existing, null));
                continue;
            }

            var access = await db.CourseAssignments.AsNoTracking().Where(a => a.CourseId == preview.Source.Id).ToListAsync(cancellationToken);
            var course = NewCourse(preview.Source, target, preview.Slug);
            var holidays = CourseHolidays.With(target.Holidays, course);
            var copy = TermCopy.Build(preview.Loaded.Course, preview.Plan, course, holidays, access, now);
            db.Courses.Add(copy.Course);
            db.CourseworkItems.AddRange(copy.Coursework);
            db.Sections.AddRange(copy.Sections);
            try
            {
                // One save per course: each copy is stored whole or not at all, and one failure does not stop the others.
                await db.SaveChangesAsync(cancellationToken);
                outcomes.Add(new Outcome(preview.Source, State.Made, copy.Course, null));
            }
            catch (DbUpdateException e)
            {
                db.ChangeTracker.Clear();
                var taken = await db.Courses.AnyAsync(c => c.Slug == preview.Slug, cancellationToken);
                outcomes.Add(new Outcome(preview.Source, State.Failed, null, taken
                    ? $"The address /{preview.Slug} was taken while the rollover ran; roll this course over again."
                    : $"The copy could not be saved ({(e.InnerException ?? e).Message.Split('\n')[0]}); nothing of it was stored."));
            }
        }

        return outcomes;
    }

    /// <summary>The address of a course's copy: its code's key and the term's, e.g. "cos-324-spring-2027".</summary>
    public static string SlugFor(string code, string termName)
    {
        var slug = NotSlug().Replace($"{CourseRules.CodeKey(code)}-{CourseRules.CodeKey(termName)}", "").Trim('-');
        slug = slug.Length > CourseRules.SlugMaxLength - 4 ? slug[..(CourseRules.SlugMaxLength - 4)].TrimEnd('-') : slug;
        return CourseRules.SlugProblem(slug) is null ? slug : $"course-{slug}".Trim('-');
    }

    private static string Unique(string slug, HashSet<string> taken)
    {
        var candidate = slug;
        for (var n = 2; taken.Contains(candidate) || CourseRules.SlugProblem(candidate) is not null; n++)
        {
            candidate = $"{slug}-{n}";
        }

        return candidate;
    }

    /// <summary>Gives the unsaved copy's rows ids of their own (negative, never stored), as the schedule check tells lectures apart by id.</summary>
    private static void NumberUnsaved(Course scratch, TermCopy.Result built)
    {
        for (var i = 0; i < scratch.Lectures.Count; i++)
        {
            scratch.Lectures[i].Id = -(i + 1);
        }

        for (var i = 0; i < built.Coursework.Count; i++)
        {
            built.Coursework[i].Id = -(i + 1);
            built.Coursework[i].LectureId = built.Coursework[i].Lecture?.Id;
        }

        for (var i = 0; i < built.Sections.Count; i++)
        {
            built.Sections[i].Id = -(i + 1);
        }
    }

    private static TermCopy.Plan Plan(TermCopySource loaded, Term target, IReadOnlyList<Holiday> holidays) =>
        TermCopy.MakePlan(loaded.Course, loaded.Coursework, loaded.Sections, target.StartDate,
            MeetingPattern.Dates(target.StartDate, target.EndDate, loaded.Course.MeetingDays, holidays), holidays);

    private static Course NewCourse(Course source, Term target, string slug) =>
        TermCopy.Target(source, slug, target.Name, target.StartDate, target.EndDate);

    [GeneratedRegex("[^a-z0-9-]")]
    private static partial Regex NotSlug();
}
