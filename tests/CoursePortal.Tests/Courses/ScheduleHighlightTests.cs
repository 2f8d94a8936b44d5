using AngleSharp.Dom;
using CoursePortal.Data;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Courses;

/// <summary>"Today" and "next" are decided on the server, in the course's time zone, from the injected clock.</summary>
public sealed class ScheduleHighlightTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    private const string CourseUrl = "/" + DemoSeeder.Slug;

    [Fact]
    public async Task Before_class_on_a_lecture_day_that_lecture_is_today_and_next()
    {
        app.Clock.SetUtcNow(new DateTimeOffset(2025, 9, 10, 16, 0, 0, TimeSpan.Zero)); // 12:00 in New York

        var doc = await app.GetDocumentAsync(app.CreateClient(), CourseUrl);

        Assert.Equal("2025-09-10", DateOf(doc, "tr.is-today"));
        Assert.Equal("2025-09-10", DateOf(doc, "tr.is-next"));
        Assert.Equal("lecture-3", doc.QuerySelector("tr.is-next")!.Id);
        Assert.Contains("Generalization theory", doc.QuerySelector(".next-lecture")!.TextContent);
        Assert.Contains("Today", doc.QuerySelector(".next-lecture")!.TextContent);
    }

    [Fact]
    public async Task After_class_ends_the_next_lecture_moves_on_while_today_stays()
    {
        app.Clock.SetUtcNow(new DateTimeOffset(2025, 9, 10, 21, 0, 0, TimeSpan.Zero)); // 17:00 in New York, class ended 16:30

        var doc = await app.GetDocumentAsync(app.CreateClient(), CourseUrl);

        Assert.Equal("2025-09-10", DateOf(doc, "tr.is-today"));
        Assert.Equal("2025-09-15", DateOf(doc, "tr.is-next"));
        Assert.Contains("Generalization contd", doc.QuerySelector(".next-lecture")!.TextContent);
    }

    [Fact]
    public async Task Late_evening_in_New_York_is_still_the_same_day_though_UTC_is_tomorrow()
    {
        // 22:30 on Tue Sept 2 in New York is 02:30 on Wed Sept 3 in UTC.
        app.Clock.SetUtcNow(new DateTimeOffset(2025, 9, 3, 2, 30, 0, TimeSpan.Zero));

        var doc = await app.GetDocumentAsync(app.CreateClient(), CourseUrl);

        Assert.Null(doc.QuerySelector("tr.is-today"));
        Assert.Equal("2025-09-03", DateOf(doc, "tr.is-next"));
        Assert.DoesNotContain("Today", doc.QuerySelector(".next-lecture")!.TextContent);
        Assert.Contains("Wednesday, September 3, 2025", doc.QuerySelector(".next-lecture")!.TextContent);
    }

    [Fact]
    public async Task Cancelled_lecture_is_shown_as_cancelled_takes_no_number_and_is_never_next()
    {
        app.Clock.SetUtcNow(new DateTimeOffset(2025, 9, 16, 12, 0, 0, TimeSpan.Zero));
        await app.WithDbAsync(async db =>
        {
            var lecture = await db.Lectures.SingleAsync(l => l.Date == new DateOnly(2025, 9, 17));
            lecture.Status = LectureStatus.Cancelled;
            lecture.CancellationNote = "Instructor travelling";
            await db.SaveChangesAsync();
        });

        try
        {
            var doc = await app.GetDocumentAsync(app.CreateClient(), CourseUrl);
            var cancelled = doc.QuerySelector("tr.is-cancelled")!;

            Assert.Contains("Cancelled", cancelled.TextContent);
            Assert.Contains("Instructor travelling", cancelled.TextContent);
            Assert.Null(cancelled.QuerySelector(".lecture-number"));
            Assert.Equal("2025-09-22", DateOf(doc, "tr.is-next"));
            Assert.Equal("lecture-5", doc.QuerySelector("tr.is-next")!.Id);
        }
        finally
        {
            await app.WithDbAsync(async db =>
            {
                var lecture = await db.Lectures.SingleAsync(l => l.Date == new DateOnly(2025, 9, 17));
                lecture.Status = LectureStatus.Scheduled;
                await db.SaveChangesAsync();
            });
        }
    }

    [Fact]
    public async Task Holidays_keep_a_dated_row_with_their_reason()
    {
        var doc = await app.GetDocumentAsync(app.CreateClient(), CourseUrl);
        var row = doc.QuerySelectorAll("tr.is-holiday")[0];

        Assert.Equal("2025-10-11", row.QuerySelector("time")!.GetAttribute("datetime"));
        Assert.Contains("No lecture: Fall recess", row.TextContent);
    }

    [Fact]
    public async Task Front_page_lists_the_course_as_current_during_the_term_and_as_past_after_it()
    {
        app.Clock.SetUtcNow(new DateTimeOffset(2025, 10, 1, 12, 0, 0, TimeSpan.Zero));
        var during = await app.GetDocumentAsync(app.CreateClient(), "/");
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var after = await app.GetDocumentAsync(app.CreateClient(), "/");

        Assert.NotNull(during.QuerySelector($"section[aria-labelledby='current-heading'] a[href='{CourseUrl}']"));
        Assert.Null(during.QuerySelector("#past-heading"));
        Assert.NotNull(after.QuerySelector($"section[aria-labelledby='past-heading'] a[href='{CourseUrl}']"));
        var coursePage = await app.GetDocumentAsync(app.CreateClient(), CourseUrl);
        Assert.Contains("past term", coursePage.QuerySelector(".notice")!.TextContent);
    }

    private static string? DateOf(IDocument doc, string rowSelector) =>
        doc.QuerySelector(rowSelector)?.QuerySelector("time")?.GetAttribute("datetime");
}
