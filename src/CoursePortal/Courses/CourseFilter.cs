namespace CoursePortal.Courses;

/// <summary>
/// The front page's filter, as its GET form and shareable address carry it: a term (its name), a department (its
/// code) and words to find in a course's code, title or staff names. Empty parts do not filter.
/// </summary>
public sealed record CourseFilter(string? Term, string? Department, string? Query)
{
    /// <summary>The query-string keys of the filter, which the public cache varies by.</summary>
    public static readonly string[] QueryKeys = ["term", "department", "q"];

    public const int QueryMaxLength = 200;

    public bool IsEmpty => string.IsNullOrWhiteSpace(Term) && string.IsNullOrWhiteSpace(Department) && string.IsNullOrWhiteSpace(Query);

    /// <summary>The filter as typed, trimmed and cut to size, so a long or padded address cannot cost more.</summary>
    public static CourseFilter From(string? term, string? department, string? query) => new(
        Clean(term, CourseRules.TermNameMaxLength), Clean(department, Data.Department.CodeMaxLength)?.ToUpperInvariant(), Clean(query, QueryMaxLength));

    private static string? Clean(string? value, int max)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed.Length > max ? trimmed[..max] : trimmed;
    }
}
