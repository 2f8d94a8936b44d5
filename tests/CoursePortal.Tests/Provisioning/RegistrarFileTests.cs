using System.Text;
using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Provisioning;

namespace CoursePortal.Tests.Provisioning;

public sealed class RegistrarFileTests
{
    private static RegistrarReadResult Read(string text, Encoding? encoding = null) =>
        RegistrarFile.Read(new MemoryStream((encoding ?? new UTF8Encoding(true)).GetPreamble().Concat((encoding ?? Encoding.UTF8).GetBytes(text)).ToArray()));

    [Fact]
    public void The_template_reads_as_three_sections_with_their_days_times_and_people()
    {
        var result = Read(RegistrarFile.Template);

        Assert.Null(result.FileProblem);
        Assert.False(result.HasRowProblems);
        var rows = result.Lines.Select(l => l.Row!).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(("COS 324", "L01", Weekdays.Monday | Weekdays.Wednesday, new TimeOnly(11, 0), new TimeOnly(12, 20)), (rows[0].CourseCode, rows[0].Section, rows[0].Days, rows[0].Start!.Value, rows[0].End!.Value));
        Assert.Equal(["ta.one@example.edu", "ta.two@example.edu"], rows[0].Assistants);
        Assert.Equal(Weekdays.Tuesday | Weekdays.Thursday, rows[2].Days);
        Assert.Empty(rows[2].Assistants);
        Assert.Equal([2L, 3L, 4L], result.Lines.Select(l => l.Line));
    }

    [Fact]
    public void Headers_match_whatever_their_case_spacing_and_order_and_a_semicolon_file_reads_too()
    {
        var result = Read("""
            TAS;INSTRUCTORS;room;end;start;days;section;TITLE;course_code;department;term;Notes
            ;a@example.edu;Friend 101;3:00 PM;1:30 pm;TR;L01;Graphics;COS 426;COS;Spring 2027;ignored
            """);

        Assert.Null(result.FileProblem);
        var row = Assert.Single(result.Lines).Row!;
        Assert.Equal(("COS 426", Weekdays.Tuesday | Weekdays.Thursday, new TimeOnly(13, 30), new TimeOnly(15, 0)), (row.CourseCode, row.Days, row.Start!.Value, row.End!.Value));
    }

    [Fact]
    public void A_file_in_another_encoding_is_refused_as_a_whole_with_how_to_save_it()
    {
        var latin1 = Encoding.Latin1.GetBytes(RegistrarFile.Template.Replace("professor@example.edu", "Müller <mueller@example.edu>", StringComparison.Ordinal));

        var result = RegistrarFile.Read(new MemoryStream(latin1));

        Assert.Contains("not UTF-8", result.FileProblem, StringComparison.Ordinal);
        Assert.Contains("CSV UTF-8", result.FileProblem, StringComparison.Ordinal);
        Assert.Empty(result.Lines);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("Term,Department,Title,Section,Days,Start,End,Room,Instructors,TAs\nFall 2026,COS,X,L01,MW,10:00,11:00,R,,", "no column “Course code”")]
    [InlineData("Term,Department,Course code,Title,Section,Days,Start,End,Room,Instructors,TAs\n", "no rows")]
    [InlineData("Term,Department,Course code,Title,Section,Days,Start,End,Room,Instructors,TAs\nFall 2026,COS,\"COS 1,Bad,L01,MW,10:00,11:00,R,,\n", "")]
    public void A_file_without_its_columns_or_rows_is_refused_saying_why(string text, string expected)
    {
        var result = Read(text);

        Assert.True(result.FileProblem is not null || result.HasRowProblems, "a broken file is never read as good rows");
        if (expected.Length > 0)
        {
            Assert.Contains(expected, result.FileProblem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Each_bad_row_gets_its_line_number_and_every_problem_named_by_column()
    {
        var result = Read("""
            Term,Department,Course code,Title,Section,Days,Start,End,Room,Instructors,TAs
            Fall 2026,COS,COS 324,Machine learning,L01,MW,11:00,12:20,Friend 101,a@example.edu,
            Fall 2026,COS,COS 333,,L01,MW,25:00,12:20,Friend 101,not-an-email,
            Fall 2026,COS,COS 340,Discrete math,L01,Funday,14:00,13:00,Friend 101,,
            Fall 2026,COS,COS 350,Compilers,L01,MW,,,Friend 101,,
            """);

        Assert.Null(result.FileProblem);
        var lines = result.Lines.ToDictionary(l => l.Line);
        Assert.Empty(lines[2].Problems);
        Assert.Equal(["Title: enter a value.", "Start: “25:00” is not a time; write it as 15:00 or 3:00 pm.",
            "Days, Start and End: give all three for a section that meets, or none.", "Instructors: “not-an-email” is not an e-mail address."], lines[3].Problems);
        Assert.Contains(lines[4].Problems, p => p.StartsWith("Days: “Funday”", StringComparison.Ordinal));
        Assert.Contains(lines[4].Problems, p => p.StartsWith("End: ", StringComparison.Ordinal));
        Assert.Equal(["Days, Start and End: give all three for a section that meets, or none."], lines[5].Problems);
    }

    [Fact]
    public void What_the_portal_writes_it_reads_back_and_a_spreadsheet_formula_is_written_as_text()
    {
        var rows = new[]
        {
            new RegistrarRow("Fall 2026", "COS", "COS 324", "=HYPERLINK(\"http://evil.example\")", "L01", Weekdays.Tuesday | Weekdays.Thursday, new(13, 30), new(14, 50),
                "Friend, room 101", ["a@example.edu", "b@example.edu"], []),
            new RegistrarRow("Fall 2026", "MAT", "MAT 201", "Calculus \"II\"", "", Weekdays.None, null, null, "", [], ["ta@example.edu"]),
        };
        var text = new StringWriter();

        RegistrarFile.Write(text, rows);
        var back = Read(text.ToString());

        Assert.Null(back.FileProblem);
        Assert.False(back.HasRowProblems, string.Join(" ", back.Lines.SelectMany(l => l.Problems)));
        var read = back.Lines.Select(l => l.Row!).ToList();
        // Written with the apostrophe a spreadsheet shows as text, and read back as it was, so an export imports unchanged.
        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil.example\"\")\",", text.ToString(), StringComparison.Ordinal);
        Assert.Equal("=HYPERLINK(\"http://evil.example\")", read[0].Title);
        Assert.Equal(rows[0] with { Instructors = read[0].Instructors, Assistants = read[0].Assistants }, read[0]);
        Assert.Equal(rows[0].Instructors, read[0].Instructors);
        Assert.Equal(rows[1].Assistants, read[1].Assistants);
        Assert.Equal("Calculus \"II\"", read[1].Title);
    }

    [Theory]
    [InlineData("MWF", Weekdays.Monday | Weekdays.Wednesday | Weekdays.Friday)]
    [InlineData("TTh", Weekdays.Tuesday | Weekdays.Thursday)]
    [InlineData("TR", Weekdays.Tuesday | Weekdays.Thursday)]
    [InlineData("MTWTF", Weekdays.Monday | Weekdays.Tuesday | Weekdays.Wednesday | Weekdays.Thursday | Weekdays.Friday)]
    [InlineData("Mon Wed", Weekdays.Monday | Weekdays.Wednesday)]
    [InlineData("Tuesday/Thursday", Weekdays.Tuesday | Weekdays.Thursday)]
    [InlineData("SaSu", Weekdays.Saturday | Weekdays.Sunday)]
    [InlineData("th", Weekdays.Thursday)]
    public void Weekdays_read_as_registrars_write_them_and_round_trip(string text, Weekdays expected)
    {
        Assert.True(WeekdayText.TryParse(text, out var days));
        Assert.Equal(expected, days);
        Assert.True(WeekdayText.TryParse(WeekdayText.Compact(days), out var again));
        Assert.Equal(expected, again);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Funday")]
    [InlineData("M1")]
    public void Text_that_is_no_weekday_is_refused(string text) => Assert.False(WeekdayText.TryParse(text, out _));
}
