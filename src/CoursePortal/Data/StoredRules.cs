using CoursePortal.Courses;
using CoursePortal.Departments;
using CoursePortal.Editing;
using CoursePortal.Materials;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CoursePortal.Data;

/// <summary>
/// The rules every stored row keeps, checked on every save whatever wrote it (a form, the import, term
/// copy, a later API): the column sizes the model declares, the characters <see cref="TextRules"/>
/// allows, web links only, valid slugs and time zones, ranges that end after they start. Forms check
/// the same rules first to show each message next to its field; a row that still breaks one is refused
/// here, so no output ever meets it.
/// </summary>
public static class StoredRules
{
    /// <summary>Throws <see cref="StoredRuleException"/> listing every rule the rows about to be saved break.</summary>
    public static void Check(ChangeTracker tracker)
    {
        var problems = new List<string>();
        foreach (var entry in tracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified))
        {
            problems.AddRange(Problems(entry).Select(p => $"{Describe(entry)}: {p}"));
        }

        if (problems.Count > 0)
        {
            throw new StoredRuleException(problems);
        }
    }

    private static IEnumerable<string> Problems(EntityEntry entry)
    {
        // A modified row is judged on what the save changes: older text in other columns does not block it.
        foreach (var property in entry.Properties.Where(p => p.Metadata.ClrType == typeof(string) && (entry.State == EntityState.Added || p.IsModified)))
        {
            var value = property.CurrentValue as string;
            if (TextRules.Problem(value) is { } text)
            {
                yield return $"{property.Metadata.Name}: {text}";
            }

            if (property.Metadata.GetMaxLength() is { } max && value?.Length > max)
            {
                yield return $"{property.Metadata.Name} has {value.Length} characters; at most {max} fit.";
            }
        }

        var problem = entry.Entity switch
        {
            Course c => CourseRules.SlugProblem(c.Slug) ?? CourseRules.TimeZoneProblem(c.TimeZoneId) ?? CourseRules.TermProblem(c.TermStart, c.TermEnd)
                ?? TimeRules.RangeProblem(c.MeetingStart, c.MeetingEnd),
            Lecture l => TimeRules.RangeProblem(l.StartTime, l.EndTime),
            OfficeHour o => TimeRules.RangeProblem(o.Start, o.End),
            CourseworkItem i => TimeRules.OptionalEndProblem(i.Time, i.EndTime),
            Section x => TimeRules.DaysProblem(x.Days) ?? TimeRules.RangeProblem(x.StartTime, x.EndTime),
            Holiday h => CourseRules.HolidayProblem(h.StartDate, h.EndDate),
            Term t => CourseRules.TermProblem(t.StartDate, t.EndDate),
            TermHoliday h => CourseRules.HolidayProblem(h.StartDate, h.EndDate),
            Department d => DepartmentRules.CodeProblem(d.Code) ?? DepartmentRules.NameProblem(d.Name),
            Material { Kind: MaterialKind.Link } m when !MaterialRules.IsWebAddress(m.Url) => $"the link “{m.Url}”: {MaterialRules.LinkMessage}",
            Material { LectureId: not null, CourseworkItemId: not null } => MaterialPlace.OnePlaceMessage,
            _ => null,
        };
        if (problem is not null)
        {
            yield return problem;
        }
    }

    private static string Describe(EntityEntry entry) => entry.Entity switch
    {
        Course c => $"The course “{c.Slug}”",
        Lecture l => $"The lecture of {l.Date:yyyy-MM-dd} (“{Shorten(l.Topic)}”)",
        Material m => $"The material “{Shorten(m.Title)}”",
        Announcement a => $"The announcement “{Shorten(a.Title)}”",
        StaffMember s => $"The staff member “{Shorten(s.Name)}”",
        Holiday h => $"The holiday “{Shorten(h.Name)}”",
        Term t => $"The term “{Shorten(t.Name)}”",
        TermHoliday h => $"The term holiday “{Shorten(h.Name)}”",
        Department d => $"The department “{Shorten(d.Code)}”",
        CourseworkItem i => $"The coursework item “{Shorten(i.Title)}”",
        Section x => $"The section “{Shorten(x.Name)}”",
        _ => $"A {entry.Metadata.ClrType.Name}",
    };

    private static string Shorten(string? text) => text is { Length: > 60 } ? text[..60] + "…" : TextRules.Clean(text);
}
