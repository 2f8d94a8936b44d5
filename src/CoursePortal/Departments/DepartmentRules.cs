using System.Text.RegularExpressions;
using CoursePortal.Data;

namespace CoursePortal.Departments;

/// <summary>
/// What a department's code and name may be: the Departments form, the stored-row check and the registrar import
/// all ask here. A code is stored upper-case, so "cos" and "COS" are one department.
/// </summary>
public static partial class DepartmentRules
{
    /// <summary>The stored form of a typed code: trimmed, upper-case.</summary>
    public static string NormalizeCode(string? code) => (code ?? "").Trim().ToUpperInvariant();

    /// <summary>Null when <paramref name="code"/> (already normalized) is a valid code, else the reason it is not.</summary>
    public static string? CodeProblem(string? code) =>
        string.IsNullOrWhiteSpace(code) ? "Give the department a code, e.g. COS."
        : !CodeRegex().IsMatch(code) ? $"Use 1–{Department.CodeMaxLength} capital letters, digits and hyphens, starting with a letter (e.g. COS or ELE-ENG)."
        : null;

    public static string? NameProblem(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "Give the department a name, e.g. Computer Science."
        : name.Trim().Length > Department.NameMaxLength ? $"Use at most {Department.NameMaxLength} characters."
        : null;

    public const string CodeTaken = "Another department has this code; choose another.";

    [GeneratedRegex("^[A-Z][A-Z0-9-]{0,19}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodeRegex();
}
