using CoursePortal.Courses;
using CoursePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Terms;

/// <summary>
/// What keeps the courses of a term from being ready for students: no staff listed, no lectures, unpublished, or
/// schedule-check findings; each reason with the staff page that fixes it. A fixed number of queries for any
/// number of courses (one per kind of row, as the staff dashboard reads them).
/// </summary>
public static class Readiness
{
    /// <summary>One thing a course lacks, and the page (site-relative) where it is put right.</summary>
    public sealed record Reason(string Kind, string Text, string FixName, string FixPath);

    public sealed record Entry(Course Course, IReadOnlyList<Reason> Reasons);

    /// <summary>The courses of <paramref name="courses"/> that are not ready, with their reasons, in code order.</summary>
    public static async Task<IReadOnlyList<Entry>> NotReadyAsync(IQueryable<Course> courses, PortalDbContext db, CancellationToken cancellationToken)
    {
        var list = await courses.AsNoTracking().OrderBy(c => c.Code).ThenBy(c => c.Slug).ToListAsync(cancellationToken);
        var ids = list.Select(c => c.Id).ToList();
        var lectures = (await db.Lectures.AsNoTracking().Where(l => ids.Contains(l.CourseId)).ToListAsync(cancellationToken)).ToLookup(l => l.CourseId);
        var holidays = await CourseHolidays.ForCoursesAsync(db, ids, cancellationToken);
        var coursework = (await db.CourseworkItems.AsNoTracking().Where(i => ids.Contains(i.CourseId)).ToListAsync(cancellationToken)).ToLookup(i => i.CourseId);
        var sections = (await db.Sections.AsNoTracking().Where(s => ids.Contains(s.CourseId)).ToListAsync(cancellationToken)).ToLookup(s => s.CourseId);
        var staffed = (await db.StaffMembers.AsNoTracking().Where(s => ids.Contains(s.CourseId)).Select(s => s.CourseId).Distinct().ToListAsync(cancellationToken)).ToHashSet();

        var entries = new List<Entry>();
        foreach (var course in list)
        {
            var reasons = new List<Reason>();
            var at = $"/Staff/Courses/{course.Id}";
            if (!staffed.Contains(course.Id))
            {
                reasons.Add(new("staff", "No staff listed", "Add staff", $"{at}/People"));
            }

            if (!lectures[course.Id].Any())
            {
                reasons.Add(new("lectures", "No lectures", "Generate lectures", $"{at}/Lectures/Generate"));
            }

            if (!course.IsPublished)
            {
                reasons.Add(new("unpublished", "Unpublished", "Publish it", $"{at}/Info"));
            }

            var findings = ScheduleCheck.Run(course, lectures[course.Id], holidays[course.Id], coursework[course.Id], sections[course.Id]);
            if (findings.Count > 0)
            {
                reasons.Add(new("schedule", $"Schedule check: {findings.Count} {(findings.Count == 1 ? "thing" : "things")} to look at", "See the lectures", $"{at}/Lectures"));
            }

            if (reasons.Count > 0)
            {
                entries.Add(new(course, reasons));
            }
        }

        return entries;
    }
}
