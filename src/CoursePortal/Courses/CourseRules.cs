using System.Text.RegularExpressions;

namespace CoursePortal.Courses;

/// <summary>What makes a course's fields valid, shared by the admin's create form and the staff's edit form.</summary>
public static partial class CourseRules
{
    /// <summary>Top-level path segments the portal uses itself, which a course slug must not take.</summary>
    public static readonly HashSet<string> ReservedSlugs = new(StringComparer.OrdinalIgnoreCase)
    {
        "account", "admin", "api", "staff", "status", "error", "healthz", "readyz", "css", "js", "lib",
        "search", "feed", "calendar", "files", "favicon.ico", "robots.txt", "index",
        // /c/{code}: a course code's address across terms.
        "c",
    };

    public const int SlugMaxLength = 64;
    public const int CodeMaxLength = 40;
    public const int TitleMaxLength = 200;
    public const int TermNameMaxLength = 60;
    public const int LocationMaxLength = 200;

    public const string SlugPattern = "^[a-z0-9][a-z0-9-]{0,63}$";

    [GeneratedRegex(SlugPattern)]
    private static partial Regex SlugRegex();

    /// <summary>Whether <paramref name="slug"/> has the form of a course address (reserved names aside).</summary>
    public static bool IsSlugShaped(string slug) => SlugRegex().IsMatch(slug);

    /// <summary>Null when <paramref name="slug"/> can name a course, else the reason it cannot.</summary>
    public static string? SlugProblem(string? slug) =>
        string.IsNullOrWhiteSpace(slug) ? "Give the course an address name."
        : !SlugRegex().IsMatch(slug) ? "Use 1–64 lower-case letters, digits and hyphens, starting with a letter or digit (e.g. cos597-fall-2025)."
        : ReservedSlugs.Contains(slug) ? $"“{slug}” is used by the portal itself; choose another."
        : null;

    /// <summary>
    /// A course code as its address across terms (<c>/c/{key}</c>): "COS 324", "cos 324" and "COS-324" are one key, "cos-324":
    /// lower case, every run of other characters one hyphen.
    /// </summary>
    public static string CodeKey(string code) =>
        string.Join('-', CodeParts().Matches(code.ToLowerInvariant()).Select(m => m.Value));

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex CodeParts();

    /// <summary>Why a slug that another course has already cannot be used; checked with the form's other rules, not after them.</summary>
    public const string SlugTaken = "Another course has this address name; choose another.";

    /// <summary>Null when the term dates make sense, else the reason they do not.</summary>
    public static string? TermProblem(DateOnly start, DateOnly end) =>
        end < start ? "The term cannot end before it starts." : null;

    /// <summary>Null when a holiday's days (a course's own or a term's, inclusive) make sense, else the reason they do not.</summary>
    public static string? HolidayProblem(DateOnly start, DateOnly end) =>
        end < start ? "The holiday cannot end before it starts." : null;

    public static string? TimeZoneProblem(string? timeZoneId) =>
        CourseClock.IsKnownZone(timeZoneId) ? null : "Choose a time zone from the list (an IANA name such as America/New_York).";

    /// <summary>Every IANA zone this machine knows, for the picker.</summary>
    public static IReadOnlyList<string> TimeZones { get; } =
        TimeZoneInfo.GetSystemTimeZones().Where(z => z.HasIanaId).Select(z => z.Id).Order(StringComparer.Ordinal).ToList();
}
