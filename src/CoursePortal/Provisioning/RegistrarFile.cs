using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using CoursePortal.Courses;
using CoursePortal.Data;
using CsvHelper;
using CsvHelper.Configuration;

namespace CoursePortal.Provisioning;

/// <summary>
/// The registrar's course file: one CSV row per course section (the format Canvas's SIS import and Moodle's course
/// upload take in spirit), read with CsvHelper and checked row by row before anything is applied. The columns are
/// <see cref="Columns"/>; <see cref="Template"/> is the downloadable example and <see cref="Write"/> exports the
/// portal's courses in the same format, so one file can be exported, edited and imported again.
/// </summary>
public static class RegistrarFile
{
    /// <summary>The header of every column, in the template's order. Headers match ignoring case and spaces.</summary>
    public static readonly IReadOnlyList<string> Columns =
        ["Term", "Department", "Course code", "Title", "Section", "Days", "Start", "End", "Room", "Instructors", "TAs"];

    /// <summary>Columns a row may leave empty (a course without a department, a section that does not meet); every other one must be given.</summary>
    private static readonly HashSet<string> Optional = new(StringComparer.Ordinal) { "Department", "Section", "Days", "Start", "End", "Room", "Instructors", "TAs" };

    /// <summary>More rows than a registrar's term holds is a mistake (a wrong file), not a term.</summary>
    public const int MaxRows = 50_000;

    public const string Template = """
        Term,Department,Course code,Title,Section,Days,Start,End,Room,Instructors,TAs
        Fall 2026,COS,COS 324,Introduction to Machine Learning,L01,MW,11:00,12:20,Friend 101,instructor@example.edu,ta.one@example.edu; ta.two@example.edu
        Fall 2026,COS,COS 324,Introduction to Machine Learning,P01,Th,19:30,20:20,Friend 009,,ta.one@example.edu
        Fall 2026,MAT,MAT 201,Multivariable Calculus,L01,TTh,10:00,10:50,Fine 214,professor@example.edu,

        """;

    /// <summary>
    /// Reads the whole file: every row either parsed or with its problems (named by the file's line number), or one
    /// problem with the file itself (not UTF-8, no header, a column missing), in which case there are no rows.
    /// </summary>
    public static RegistrarReadResult Read(Stream content)
    {
        // Excel's "CSV UTF-8" and every registrar export we know of are UTF-8; a byte that is not UTF-8 means another
        // encoding, whose accented names would be stored wrong, so the file is refused rather than guessed at.
        using var reader = new StreamReader(content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true),
            detectEncodingFromByteOrderMarks: true);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            PrepareHeaderForMatch = args => Key(args.Header),
            TrimOptions = TrimOptions.Trim,
            DetectDelimiter = true,
            DetectDelimiterValues = [",", ";", "\t"],
            BadDataFound = null,
            MissingFieldFound = null,
        };
        try
        {
            using var csv = new CsvReader(reader, configuration);
            if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
            {
                return RegistrarReadResult.Refused("The file is empty: the first line must name the columns (download the template).");
            }

            var present = header.Select(Key).ToHashSet(StringComparer.Ordinal);
            var missing = Columns.Where(c => !present.Contains(Key(c))).ToList();
            if (missing.Count > 0)
            {
                return RegistrarReadResult.Refused(
                    $"The file has no column {string.Join(", ", missing.Select(m => $"“{m}”"))}. The first line must name the columns {string.Join(", ", Columns)} (download the template).");
            }

            var rows = new List<RegistrarLine>();
            while (csv.Read())
            {
                var line = csv.Parser.RawRow;
                var fields = Columns.ToDictionary(c => c, c => Unescaped(csv.GetField(Key(c))?.Trim() ?? ""), StringComparer.Ordinal);
                if (fields.Values.All(v => v.Length == 0))
                {
                    continue;
                }

                if (rows.Count == MaxRows)
                {
                    return RegistrarReadResult.Refused($"The file has more than {MaxRows:N0} rows; split it by term or department.");
                }

                rows.Add(Parse(line, fields));
            }

            return rows.Count == 0
                ? RegistrarReadResult.Refused("The file has a header but no rows.")
                : new RegistrarReadResult(null, rows);
        }
        catch (DecoderFallbackException)
        {
            return RegistrarReadResult.Refused("The file is not UTF-8 text. Save it as “CSV UTF-8” (in Excel: File → Save As → CSV UTF-8) and upload it again.");
        }
        catch (CsvHelperException e)
        {
            return RegistrarReadResult.Refused($"The file is not a readable CSV file (line {e.Context?.Parser?.RawRow}): fix the quoting there and upload it again.");
        }
    }

    private static RegistrarLine Parse(long line, Dictionary<string, string> f)
    {
        var problems = new List<string>();
        foreach (var column in Columns.Where(c => !Optional.Contains(c) && f[c].Length == 0))
        {
            problems.Add($"{column}: enter a value.");
        }

        var days = Weekdays.None;
        if (f["Days"].Length > 0 && !WeekdayText.TryParse(f["Days"], out days))
        {
            problems.Add($"Days: “{f["Days"]}” is not a list of weekdays; write them as MWF, TTh or Mon Wed.");
        }

        var start = Time("Start", f["Start"], problems);
        var end = Time("End", f["End"], problems);
        if (start is { } s && end is { } e && Editing.TimeRules.RangeProblem(s, e) is { } range)
        {
            problems.Add($"End: {range}");
        }

        if ((days != Weekdays.None) != (start is not null) || (start is null) != (end is null))
        {
            problems.Add("Days, Start and End: give all three for a section that meets, or none.");
        }

        var instructors = Emails("Instructors", f["Instructors"], problems);
        var assistants = Emails("TAs", f["TAs"], problems);
        foreach (var (column, max) in new[]
            {
                ("Course code", CourseRules.CodeMaxLength), ("Title", CourseRules.TitleMaxLength), ("Term", CourseRules.TermNameMaxLength),
                ("Department", CourseRules.CodeMaxLength), ("Section", Section.NameMaxLength), ("Room", CourseRules.LocationMaxLength),
            })
        {
            if (f[column].Length > max)
            {
                problems.Add($"{column}: {f[column].Length} characters; at most {max} fit.");
            }
        }

        foreach (var (column, value) in f)
        {
            if (Editing.TextRules.Problem(value) is { } text)
            {
                problems.Add($"{column}: {text}");
            }
        }

        return problems.Count > 0
            ? new RegistrarLine(line, null, problems)
            : new RegistrarLine(line, new RegistrarRow(f["Term"], f["Department"], f["Course code"], f["Title"], f["Section"], days, start, end,
                f["Room"], instructors, assistants), []);
    }

    private static readonly string[] TimeFormats = ["H:mm", "HH:mm", "h:mm tt", "h:mmtt", "h tt", "htt", "H:mm:ss"];

    private static TimeOnly? Time(string column, string text, List<string> problems)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (TimeOnly.TryParseExact(text.ToUpperInvariant().Replace(".", "", StringComparison.Ordinal), TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var time))
        {
            return time;
        }

        problems.Add($"{column}: “{text}” is not a time; write it as 15:00 or 3:00 pm.");
        return null;
    }

    private static readonly EmailAddressAttribute EmailRule = new();

    private static List<string> Emails(string column, string text, List<string> problems)
    {
        var emails = text.Split([';', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(e => e.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
        foreach (var bad in emails.Where(e => !EmailRule.IsValid(e) || e.Length > 256))
        {
            problems.Add($"{column}: “{bad}” is not an e-mail address.");
        }

        return emails;
    }

    /// <summary>How a header is matched: "Course code", "course_code" and "COURSE CODE" are one column.</summary>
    private static string Key(string header) =>
        new(header.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    /// <summary>Writes rows in the format <see cref="Read"/> takes (what the portal exports of its courses).</summary>
    public static void Write(TextWriter output, IEnumerable<RegistrarRow> rows)
    {
        using var csv = new CsvWriter(output, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var column in Columns)
        {
            csv.WriteField(column);
        }

        csv.NextRecord();
        foreach (var r in rows)
        {
            foreach (var value in new[]
            {
                r.Term, r.Department, r.CourseCode, r.Title, r.Section, r.Days == Weekdays.None ? "" : WeekdayText.Compact(r.Days),
                r.Start?.ToString("HH:mm", CultureInfo.InvariantCulture) ?? "", r.End?.ToString("HH:mm", CultureInfo.InvariantCulture) ?? "",
                r.Room, string.Join("; ", r.Instructors), string.Join("; ", r.Assistants),
            })
            {
                csv.WriteField(SpreadsheetSafe(value));
            }

            csv.NextRecord();
        }
    }

    /// <summary>What <see cref="SpreadsheetSafe"/> wrote is read back as it was, so an exported file imports unchanged.</summary>
    private static string Unescaped(string value) =>
        value.Length > 1 && value[0] == '\'' && "=+-@".Contains(value[1], StringComparison.Ordinal) ? value[1..] : value;

    /// <summary>A value a spreadsheet would run as a formula (=, +, -, @ first) is written with a leading apostrophe.</summary>
    private static string SpreadsheetSafe(string value) =>
        value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal) ? "'" + value : value;
}

/// <summary>One course section as the registrar lists it.</summary>
public sealed record RegistrarRow(string Term, string Department, string CourseCode, string Title, string Section, Weekdays Days, TimeOnly? Start,
    TimeOnly? End, string Room, IReadOnlyList<string> Instructors, IReadOnlyList<string> Assistants);

/// <summary>A row of the file by its line number: parsed, or with what is wrong with it.</summary>
public sealed record RegistrarLine(long Line, RegistrarRow? Row, IReadOnlyList<string> Problems);

/// <summary>What reading a file gave: a problem with the file as a whole, or its rows.</summary>
public sealed record RegistrarReadResult(string? FileProblem, IReadOnlyList<RegistrarLine> Lines)
{
    public static RegistrarReadResult Refused(string problem) => new(problem, []);

    public bool HasRowProblems => Lines.Any(l => l.Problems.Count > 0);
}
