using CoursePortal.Data;

namespace CoursePortal.Courses;

/// <summary>
/// Weekdays as registrars write them: "MWF", "TTh", "TR" (R for Thursday), "MTWTF", "Mon Wed", "Tuesday/Thursday",
/// "SaSu" (S or Sa Saturday, U or Su Sunday). <see cref="Compact"/> writes the form <see cref="TryParse"/> reads back.
/// </summary>
public static class WeekdayText
{
    private static readonly (string Token, DayOfWeek Day)[] Tokens = new (string, DayOfWeek)[]
    {
        ("monday", DayOfWeek.Monday), ("tuesday", DayOfWeek.Tuesday), ("wednesday", DayOfWeek.Wednesday), ("thursday", DayOfWeek.Thursday),
        ("friday", DayOfWeek.Friday), ("saturday", DayOfWeek.Saturday), ("sunday", DayOfWeek.Sunday),
        ("thurs", DayOfWeek.Thursday), ("tues", DayOfWeek.Tuesday), ("thur", DayOfWeek.Thursday),
        ("mon", DayOfWeek.Monday), ("tue", DayOfWeek.Tuesday), ("wed", DayOfWeek.Wednesday), ("thu", DayOfWeek.Thursday),
        ("fri", DayOfWeek.Friday), ("sat", DayOfWeek.Saturday), ("sun", DayOfWeek.Sunday),
        ("th", DayOfWeek.Thursday), ("tu", DayOfWeek.Tuesday), ("sa", DayOfWeek.Saturday), ("su", DayOfWeek.Sunday),
        ("m", DayOfWeek.Monday), ("t", DayOfWeek.Tuesday), ("w", DayOfWeek.Wednesday), ("r", DayOfWeek.Thursday),
        ("f", DayOfWeek.Friday), ("s", DayOfWeek.Saturday), ("u", DayOfWeek.Sunday),
    }.OrderByDescending(t => t.Item1.Length).ToArray();

    private static readonly (Weekdays Day, string Text)[] ShortForms =
    [
        (Weekdays.Monday, "M"), (Weekdays.Tuesday, "T"), (Weekdays.Wednesday, "W"), (Weekdays.Thursday, "Th"),
        (Weekdays.Friday, "F"), (Weekdays.Saturday, "Sa"), (Weekdays.Sunday, "Su"),
    ];

    public static bool TryParse(string? text, out Weekdays days)
    {
        days = Weekdays.None;
        var letters = new string((text ?? "").Where(c => !char.IsWhiteSpace(c) && c is not (',' or '/' or ';' or '.' or '-' or '&' or '+')).Select(char.ToLowerInvariant).ToArray());
        for (var at = 0; at < letters.Length;)
        {
            var match = Tokens.FirstOrDefault(t => string.CompareOrdinal(letters, at, t.Token, 0, t.Token.Length) == 0);
            if (match.Token is null)
            {
                days = Weekdays.None;
                return false;
            }

            var flag = Formats.ToFlag(match.Day);
            // "MTWTF": a second single T, after Tuesday, is Thursday.
            if (match.Token == "t" && days.HasFlag(Weekdays.Tuesday))
            {
                flag = Weekdays.Thursday;
            }

            days |= flag;
            at += match.Token.Length;
        }

        return days != Weekdays.None;
    }

    /// <summary>"MW", "TTh", "MTWThF", "SaSu".</summary>
    public static string Compact(Weekdays days) => string.Concat(ShortForms.Where(f => days.HasFlag(f.Day)).Select(f => f.Text));
}
