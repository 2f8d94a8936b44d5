using System.Text;

namespace CoursePortal.Materials;

/// <summary>Makes an uploaded file's name safe to keep and show: never trusted for a path, only metadata.</summary>
public static class FileNames
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    /// <summary>
    /// The last path part of <paramref name="raw"/> (either slash), without control characters or
    /// characters that file systems and headers choke on, not a reserved device name, at most 120
    /// characters, ending in <paramref name="extension"/>.
    /// </summary>
    public static string Clean(string? raw, string extension = ".pdf")
    {
        var name = Editing.TextRules.Clean(raw).Normalize(NormalizationForm.FormC);
        name = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsControl(c) || "<>:\"|?*".Contains(c, StringComparison.Ordinal) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format ? '_' : c);
        }

        name = builder.ToString().Trim().Trim('.', ' ');
        var stem = name.EndsWith(extension, StringComparison.OrdinalIgnoreCase) ? name[..^extension.Length].TrimEnd('.', ' ') : name;
        if (stem.Length == 0 || stem.All(c => c == '_'))
        {
            stem = "file";
        }

        if (Reserved.Contains(stem.Split('.')[0]))
        {
            stem = "_" + stem;
        }

        if (stem.Length > 120 - extension.Length)
        {
            var cut = 120 - extension.Length;
            // Never between the two halves of a surrogate pair.
            stem = stem[..(char.IsLowSurrogate(stem[cut]) ? cut - 1 : cut)].TrimEnd('.', ' ');
        }

        return stem + extension;
    }

    /// <summary>A readable default title from a file name: "lecture-03_notes.pdf" → "lecture 03 notes".</summary>
    public static string Title(string fileName)
    {
        var stem = Path.GetFileNameWithoutExtension(fileName).Replace('_', ' ').Replace('-', ' ').Trim();
        return stem.Length == 0 ? "Document" : stem;
    }
}
