using System.Globalization;
using CoursePortal.Data;

namespace CoursePortal.Materials;

/// <summary>
/// Where a material belongs: the whole course, one lecture or one coursework item, never two. Forms carry it as
/// one value ("", "lecture-12", "coursework-5") so a person cannot pick two places.
/// </summary>
public readonly record struct MaterialPlace(int? LectureId, int? CourseworkItemId)
{
    public const string OnePlaceMessage = "it belongs to a lecture and a coursework item; a material belongs to one of them at most.";

    public const string ChooseMessage = "Choose the whole course, a lecture or a coursework item of this course.";

    private const string LecturePrefix = "lecture-";
    private const string CourseworkPrefix = "coursework-";

    public static MaterialPlace Of(Material material) => new(material.LectureId, material.CourseworkItemId);

    public static string ValueOfLecture(int id) => LecturePrefix + id.ToString(CultureInfo.InvariantCulture);

    public static string ValueOfCoursework(int id) => CourseworkPrefix + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The form value: empty for the course.</summary>
    public string Value => LectureId is { } lecture ? ValueOfLecture(lecture)
        : CourseworkItemId is { } item ? ValueOfCoursework(item)
        : "";

    /// <summary>Reads a form value; empty is the course. False for anything else that is not one of the two forms.</summary>
    public static bool TryParse(string? value, out MaterialPlace place)
    {
        place = default;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        if (Id(value, LecturePrefix) is { } lecture)
        {
            place = new MaterialPlace(lecture, null);
            return true;
        }

        if (Id(value, CourseworkPrefix) is { } item)
        {
            place = new MaterialPlace(null, item);
            return true;
        }

        return false;
    }

    /// <summary>
    /// The place <paramref name="value"/> names when it is the course or a lecture or item of the course
    /// (<paramref name="lectureIds"/>, <paramref name="itemIds"/>); null otherwise (answer <see cref="ChooseMessage"/>).
    /// </summary>
    public static MaterialPlace? InCourse(string? value, IEnumerable<int> lectureIds, IEnumerable<int> itemIds) =>
        TryParse(value, out var place)
        && (place.LectureId is not { } lecture || lectureIds.Contains(lecture))
        && (place.CourseworkItemId is not { } item || itemIds.Contains(item))
            ? place
            : null;

    private static int? Id(string value, string prefix) =>
        value.StartsWith(prefix, StringComparison.Ordinal)
        && int.TryParse(value.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : null;
}
