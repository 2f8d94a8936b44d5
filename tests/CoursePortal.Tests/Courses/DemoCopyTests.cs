using System.Net;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Courses;

/// <summary>A portal first started on Wednesday Dec 2 2026 at noon in New York, seeding its own demo data (no template).</summary>
public sealed class FirstStartInFall2026Application : PortalApplication
{
    public static readonly DateTimeOffset FirstStart = new(2026, 12, 2, 17, 0, 0, TimeSpan.Zero);

    public FirstStartInFall2026Application()
        : base(Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("n")))
    {
        StartFromTemplate = false;
        // Quietly: telling the clock's listeners would start the app before this constructor is done.
        Clock.AdvanceQuietly(FirstStart - MidTerm);
    }
}

/// <summary>
/// The demo shows what the portal does: the seed course as its page had it, and its copy (made by the term-copy
/// feature) in the term of the first start, with a next lecture, today's row and a release still to come.
/// </summary>
public sealed class DemoCopyTests(FirstStartInFall2026Application app) : IClassFixture<FirstStartInFall2026Application>
{
    private const string CopySlug = DemoSeeder.CopySlugPrefix + "fall-2026";

    [Fact]
    public async Task The_seed_course_stays_as_the_seed_has_it_and_the_copy_is_in_the_term_of_the_first_start()
    {
        var courses = await app.WithDbAsync(db => db.Courses.AsNoTracking().Include(c => c.Lectures).Include(c => c.Holidays).Include(c => c.Term!.Holidays).OrderBy(c => c.Id).ToListAsync());

        Assert.Equal([DemoSeeder.Slug, CopySlug], courses.Select(c => c.Slug));
        var seed = courses[0];
        Assert.Equal("Fall 2025", seed.TermName);
        Assert.Equal(19, seed.Lectures.Count);
        Assert.Contains(seed.Lectures, l => l.Date == new DateOnly(2025, 10, 19)); // a Sunday, as on the seed page
        Assert.Equal(new DateOnly(2025, 11, 15), seed.Lectures.Max(l => l.Date));

        var copy = courses[1];
        Assert.True(copy.IsPublished);
        Assert.Equal("Fall 2026", copy.TermName);
        Assert.Equal((new DateOnly(2026, 9, 8), new DateOnly(2026, 12, 10)), (copy.TermStart, copy.TermEnd));
        // The university's holidays are the term's, shared with every course of it; the copy has none of its own.
        Assert.Equal(["Fall recess", "Thanksgiving recess"], copy.Term!.Holidays.OrderBy(h => h.StartDate).Select(h => h.Name));
        Assert.Empty(copy.Holidays);
        Assert.Equal(["Fall recess", "Thanksgiving recess"], seed.Term!.Holidays.OrderBy(h => h.StartDate).Select(h => h.Name));
        Assert.Equal(seed.Id, copy.CopiedFromId);
        var lectures = copy.Lectures.OrderBy(l => l.Date).ToList();
        Assert.Equal((new DateOnly(2026, 9, 9), "Optimization theory"), (lectures[0].Date, lectures[0].Topic));
        Assert.Equal((new DateOnly(2026, 11, 18), "Recurrent architectures for language modeling: State space models"), (lectures[18].Date, lectures[18].Topic));
        Assert.All(lectures.Skip(19), l => Assert.Equal(DemoSeeder.SpareTopic, l.Topic));
        Assert.All(lectures, l => Assert.True(l.Date.DayOfWeek is DayOfWeek.Monday or DayOfWeek.Wednesday));
    }

    [Fact]
    public async Task The_copy_shows_today_the_next_lecture_and_a_material_hidden_until_its_release()
    {
        var client = app.CreateClient();
        var page = await app.GetDocumentAsync(client, "/" + CopySlug);

        Assert.Contains("Lecture 22", page.QuerySelector(".next-lecture .next-when")!.TextContent);
        Assert.Contains("Today", page.QuerySelector(".next-lecture .next-when")!.TextContent);
        Assert.Equal("#lecture-22", page.QuerySelector(".jump-today a")!.GetAttribute("href"));
        Assert.DoesNotContain("lecture-22-slides.pdf", page.Body!.InnerHtml, StringComparison.Ordinal);
        var (id, release) = await app.WithDbAsync(db => db.Materials.Where(m => m.Course!.Slug == CopySlug && m.Title == DemoSeeder.UpcomingTitle)
            .Select(m => new { m.Id, m.VisibleFrom }).SingleAsync().ContinueWith(t => (t.Result.Id, t.Result.VisibleFrom!.Value)));
        Assert.Equal(new DateTime(2026, 12, 2, 20, 0, 0, DateTimeKind.Utc), release); // 3:00 pm in New York, when the lecture starts
        var url = $"/{CopySlug}/materials/{id}/lecture-22-slides.pdf";
        using (var hidden = await client.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }

        app.Clock.SetUtcNow(release.AddMinutes(1));
        try
        {
            var after = await app.GetDocumentAsync(client, "/" + CopySlug);
            var link = after.QuerySelectorAll(".next-lecture .next-materials a").Single();
            Assert.StartsWith("Slides (PDF, ", link.TextContent.Trim(), StringComparison.Ordinal);
            using var released = await client.GetAsync(link.GetAttribute("href"));
            Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        }
        finally
        {
            app.Clock.SetUtcNow(FirstStartInFall2026Application.FirstStart);
        }
    }

    [Fact]
    public async Task Front_page_lists_both_and_the_dashboard_says_the_seed_dates_are_the_seed_page_s_own()
    {
        var front = await app.GetDocumentAsync(app.CreateClient(), "/");
        var hrefs = front.QuerySelectorAll(".course-list a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/" + DemoSeeder.Slug, hrefs);
        Assert.Contains("/" + CopySlug, hrefs);

        await app.CreateUserAsync("demo-admin@example.edu", admin: true);
        var client = await app.SignInAsync("demo-admin@example.edu");
        var dashboard = await app.GetDocumentAsync(client, "/Staff");
        var notes = dashboard.QuerySelectorAll(".demo-dates").ToList();
        Assert.Single(notes);
        Assert.Contains("seed page's own dates", notes[0].TextContent, StringComparison.Ordinal);
        Assert.NotNull(notes[0].ParentElement!.QuerySelector($"a[href='/{DemoSeeder.Slug}']"));
    }
}
