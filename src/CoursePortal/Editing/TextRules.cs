using System.Globalization;
using System.Text;

namespace CoursePortal.Editing;

/// <summary>
/// The characters a stored text may hold: those XML 1.0 allows (tab, line breaks and everything from
/// U+0020 on, except U+FFFE, U+FFFF and unpaired surrogates), less the invisible DEL and C1 controls
/// (U+007F–U+009F), which iCalendar text may not hold either. Forms, the import and the API refuse the
/// others with <see cref="Problem"/>; every output that cannot carry them (Atom, iCalendar, CSV) drops
/// what older data may still hold with <see cref="Clean"/>.
/// </summary>
public static class TextRules
{
    /// <summary>Null when <paramref name="text"/> holds only allowed characters, else what to remove.</summary>
    public static string? Problem(string? text)
    {
        if (text is null)
        {
            return null;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (!IsAllowed(text[i]))
            {
                var code = ((int)text[i]).ToString("X4", CultureInfo.InvariantCulture);
                return $"Remove the invisible control character U+{code} (at character {i + 1}); it cannot be stored or shown.";
            }
        }

        return null;
    }

    /// <summary><paramref name="text"/> without the characters <see cref="Problem"/> refuses.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text) || Problem(text) is null)
        {
            return text ?? "";
        }

        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(text[i]).Append(text[i + 1]);
                i++;
            }
            else if (IsAllowed(text[i]))
            {
                clean.Append(text[i]);
            }
        }

        return clean.ToString();
    }

    private static bool IsAllowed(char c) =>
        c is '\t' or '\n' or '\r' || (c >= '\u0020' && c < '\u007F') || (c > '\u009F' && c <= '\uD7FF') || (c >= '\uE000' && c <= '\uFFFD');
}
