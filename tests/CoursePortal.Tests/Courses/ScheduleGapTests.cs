using CoursePortal.Courses;
using CoursePortal.Data;

namespace CoursePortal.Tests.Courses;

/// <summary>The schedule check's gap rule: more than two weeks without a lecture is a finding only where no holiday covers the days.</summary>
public sealed class ScheduleGapTests
{
    private static readonly Course Course = new()
    {
        Id = 3, Slug = "gap", Code = "G", Title = "G", TermName = "Fall 2026", TermStart = new(2026, 9, 1), TermEnd = new(2027, 1, 31),
        MeetingDays = Weekdays.Monday, MeetingStart = new(10, 0), MeetingEnd = new(11, 0),
    };

    /// <summary>Mondays Dec 7 and Jan 4: four weeks apart.</summary>
    private static readonly Lecture[] AcrossWinter =
    [
        new() { Id = 1, Topic = "Before the break", Date = new(2026, 12, 7) },
        new() { Id = 2, Topic = "After the break", Date = new(2027, 1, 4) },
    ];

    [Fact]
    public void A_gap_across_a_declared_break_is_not_a_finding()
    {
        Holiday[] winter = [new() { Name = "Winter break", StartDate = new(2026, 12, 14), EndDate = new(2026, 12, 31) }];

        Assert.Empty(Gaps(winter));
    }

    [Fact]
    public void A_gap_without_holidays_is_a_finding()
    {
        Assert.Equal(["28 days after the previous lecture (Mon Dec 7): a gap of more than two weeks"], Gaps([]));
    }

    [Fact]
    public void A_single_holiday_inside_a_long_gap_does_not_hide_it()
    {
        Holiday[] christmas = [new() { Name = "Christmas", StartDate = new(2026, 12, 25), EndDate = new(2026, 12, 25) }];

        Assert.Equal(["28 days after the previous lecture (Mon Dec 7), 18 of them in a row without a holiday: a gap of more than two weeks"], Gaps(christmas));
    }

    [Theory]
    [InlineData("2026-12-14", "2026-12-20", 15)] // a one-week holiday leaves 15 days (Dec 20 → Jan 4) uncovered
    [InlineData("2026-12-14", "2026-12-21", 14)] // one more day and no stretch is longer than two weeks
    [InlineData("2026-12-08", "2027-01-03", 1)]
    public void The_counted_gap_is_the_longest_stretch_between_lectures_and_holiday_days(string start, string end, int expected)
    {
        Holiday[] holidays = [new() { Name = "Break", StartDate = DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), EndDate = DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture) }];

        Assert.Equal(expected, ScheduleCheck.LongestStretchWithoutHoliday(AcrossWinter[0].Date, AcrossWinter[1].Date, holidays));
        Assert.Equal(expected > ScheduleCheck.MaxGapDays, Gaps(holidays).Count == 1);
    }

    private static List<string> Gaps(Holiday[] holidays) =>
        ScheduleCheck.Run(Course, AcrossWinter, holidays, [], []).Where(f => f.Reason.Contains("gap", StringComparison.Ordinal)).Select(f => f.Reason).ToList();
}
