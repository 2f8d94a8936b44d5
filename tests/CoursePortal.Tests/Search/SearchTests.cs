using CoursePortal.Data;
using CoursePortal.Demo;
using CoursePortal.Search;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Search;

public sealed class SearchTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    [Fact]
    public async Task Topics_are_found_by_word_prefix_with_the_match_highlighted_and_linked_to_the_lecture()
    {
        var doc = await app.GetDocumentAsync(app.CreateClient(), "/search?q=diffus");

        var hits = doc.QuerySelectorAll(".search-results li").ToList();
        Assert.Equal(2, hits.Count(h => h.TextContent.Contains("Lecture", StringComparison.Ordinal)));
        var first = hits[0].QuerySelector("a")!;
        Assert.Equal("Diffusion", first.QuerySelector("mark")!.TextContent);
        Assert.Matches($"^/{DemoSeeder.Slug}#lecture-(9|10)$", first.GetAttribute("href")!);
    }

    [Fact]
    public async Task Notes_material_titles_and_announcements_are_searched_and_markup_in_them_stays_text()
    {
        await app.WithDbAsync(async db =>
        {
            var course = await db.Courses.Include(c => c.Lectures).SingleAsync(c => c.Slug == DemoSeeder.Slug);
            course.Lectures.Single(l => l.Date == new DateOnly(2025, 9, 17)).NotesMarkdown = "We prove the <b>margin</b> bound for gradient descent.";
            db.Materials.Add(new Material { CourseId = course.Id, Title = "Perceptron handout", Kind = MaterialKind.Link, Url = "https://example.edu/perceptron" });
            db.Announcements.Add(new Announcement { CourseId = course.Id, Title = "Homework on kernels", BodyMarkdown = "Kernel regression is due Friday.", PublishAt = new DateTime(2025, 9, 5, 0, 0, 0, DateTimeKind.Utc) });
            await db.SaveChangesAsync();
        });

        var notes = await app.GetDocumentAsync(app.CreateClient(), "/search?q=margin");
        var material = await app.GetDocumentAsync(app.CreateClient(), "/search?q=perceptron");
        var announcement = await app.GetDocumentAsync(app.CreateClient(), "/search?q=kernel");

        var snippet = notes.QuerySelector(".search-results .snippet")!;
        Assert.Equal("margin", snippet.QuerySelector("mark")!.TextContent);
        Assert.Null(snippet.QuerySelector("b"));
        Assert.Contains("<b>", snippet.TextContent, StringComparison.Ordinal);
        Assert.Equal("https://example.edu/perceptron", material.QuerySelector(".search-results a")!.GetAttribute("href"));
        Assert.Equal("Perceptron handout (link)", material.QuerySelector(".search-results a")!.TextContent);
        Assert.Equal($"/{DemoSeeder.Slug}#announcement-", announcement.QuerySelector(".search-results a")!.GetAttribute("href")![..(DemoSeeder.Slug.Length + 15)]);
    }

    [Fact]
    public async Task A_file_found_says_its_type_and_size_as_its_link_on_the_course_page_does()
    {
        var size = await app.WithDbAsync(db => db.Materials.Where(m => m.Title == "Theory of Deep Learning book draft" && m.Course!.Slug == DemoSeeder.Slug).Select(m => m.FileSize).SingleAsync());

        var doc = await app.GetDocumentAsync(app.CreateClient(), $"/search?q=book+draft&course={DemoSeeder.Slug}");

        var link = doc.QuerySelectorAll(".search-results a").Single(a => a.TextContent.StartsWith("Theory of Deep Learning book draft", StringComparison.Ordinal));
        Assert.Equal($"Theory of Deep Learning book draft (PDF, {CoursePortal.Courses.Formats.FileSize(size!.Value)})", link.TextContent);
    }

    [Fact]
    public async Task Drafts_unreleased_materials_future_announcements_and_unpublished_courses_are_never_found()
    {
        var releaseAt = PortalApplication.MidTerm.UtcDateTime.AddDays(3);
        await app.WithDbAsync(async db =>
        {
            var course = await db.Courses.SingleAsync(c => c.Slug == DemoSeeder.Slug);
            db.Materials.Add(new Material { CourseId = course.Id, Title = "Zebrafish draft", Kind = MaterialKind.Link, Url = "https://example.edu/z", IsDraft = true });
            db.Materials.Add(new Material { CourseId = course.Id, Title = "Zebrafish solutions", Kind = MaterialKind.Link, Url = "https://example.edu/s", VisibleFrom = releaseAt });
            db.Announcements.Add(new Announcement { CourseId = course.Id, Title = "Zebrafish exam", PublishAt = releaseAt });
            db.Announcements.Add(new Announcement { CourseId = course.Id, Title = "Zebrafish unsent", PublishAt = null });
            var hidden = new Course { Slug = "hidden-search", Code = "HID", Title = "Hidden", TermName = "Fall 2025", IsPublished = false };
            hidden.Lectures.Add(new Lecture { Date = new DateOnly(2025, 9, 4), Topic = "Zebrafish lecture" });
            db.Courses.Add(hidden);
            await db.SaveChangesAsync();
        });

        var before = await app.GetDocumentAsync(app.CreateClient(), "/search?q=zebrafish");
        Assert.Empty(before.QuerySelectorAll(".search-results li"));
        Assert.Contains("Nothing found", before.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        app.Clock.SetUtcNow(releaseAt.AddMinutes(1));
        try
        {
            var after = await app.GetDocumentAsync(app.CreateClient(), "/search?q=zebrafish");
            var titles = after.QuerySelectorAll(".search-results li a").Select(a => a.TextContent).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(["Zebrafish exam", "Zebrafish solutions (link)"], titles);
        }
        finally
        {
            app.Clock.SetUtcNow(PortalApplication.MidTerm);
        }
    }

    [Fact]
    public async Task Released_coursework_and_sections_are_found_and_link_to_their_place_on_the_course_page()
    {
        var releaseAt = PortalApplication.MidTerm.UtcDateTime.AddDays(2);
        int released = 0, section = 0;
        await app.WithDbAsync(async db =>
        {
            var course = await db.Courses.SingleAsync(c => c.Slug == DemoSeeder.Slug);
            var out1 = new CourseworkItem { CourseId = course.Id, Kind = "Assignment", Title = "Axolotl homework", DescriptionMarkdown = "Prove the bound.", Date = new DateOnly(2025, 9, 20), Time = new TimeOnly(23, 59) };
            var later = new CourseworkItem { CourseId = course.Id, Kind = "Exam", Title = "Axolotl midterm", Room = "Friend 101", Date = new DateOnly(2025, 10, 8), Time = new TimeOnly(15, 0), EndTime = new TimeOnly(16, 20), ReleaseAt = releaseAt };
            later.Materials.Add(new Material { CourseId = course.Id, Title = "Axolotl practice exam", Kind = MaterialKind.Link, Url = "https://example.edu/practice" });
            var precept = new Section { CourseId = course.Id, Name = "Precept P07", Room = "Axolotl Hall 2", Days = Weekdays.Thursday, StartTime = new TimeOnly(19, 30), EndTime = new TimeOnly(20, 20) };
            db.AddRange(out1, later, precept);
            await db.SaveChangesAsync();
            (released, section) = (out1.Id, precept.Id);
        });

        async Task<List<(string Title, string Href, string Kind)>> HitsAsync(string query) =>
            (await app.GetDocumentAsync(app.CreateClient(), $"/search?q={Uri.EscapeDataString(query)}"))
                .QuerySelectorAll(".search-results li").Select(li => (li.QuerySelector("a")!.TextContent, li.QuerySelector("a")!.GetAttribute("href")!,
                    li.QuerySelector(".muted")!.TextContent.Split(" · ")[0])).OrderBy(h => h.Item1, StringComparer.Ordinal).ToList();

        Assert.Equal([("Axolotl homework", $"/{DemoSeeder.Slug}#coursework-{released}", "Coursework"), ("Precept P07", $"/{DemoSeeder.Slug}#section-{section}", "Section")],
            await HitsAsync("axolotl"));
        Assert.Equal(["Axolotl homework"], (await HitsAsync("prove bound axolotl")).Select(h => h.Title));

        app.Clock.SetUtcNow(releaseAt.AddMinutes(1));
        try
        {
            Assert.Equal(["Axolotl homework", "Axolotl midterm", "Axolotl practice exam (link)", "Precept P07"], (await HitsAsync("axolotl")).Select(h => h.Title));
        }
        finally
        {
            app.Clock.SetUtcNow(PortalApplication.MidTerm);
        }
    }

    /// <summary>The index follows every write to every searched table (a migration that rebuilds a table must recreate its triggers).</summary>
    [Fact]
    public async Task Every_searched_kind_follows_inserts_updates_and_deletes()
    {
        var sources = new (string Word, Func<int, object> Create, Action<object> Rename)[]
        {
            ("Wombatlecture", id => new Lecture { CourseId = id, Date = new DateOnly(2025, 12, 6), Topic = "Wombatlecture" }, o => ((Lecture)o).Topic = "Renamedlecture"),
            ("Wombatmaterial", id => new Material { CourseId = id, Title = "Wombatmaterial", Kind = MaterialKind.Link, Url = "https://example.edu/w" }, o => ((Material)o).Title = "Renamedmaterial"),
            ("Wombatnews", id => new Announcement { CourseId = id, Title = "Wombatnews", PublishAt = new DateTime(2025, 9, 1, 0, 0, 0, DateTimeKind.Utc) }, o => ((Announcement)o).Title = "Renamednews"),
            ("Wombatwork", id => new CourseworkItem { CourseId = id, Kind = "Quiz", Title = "Wombatwork", Date = new DateOnly(2025, 9, 30), Time = new TimeOnly(12, 0) }, o => ((CourseworkItem)o).Title = "Renamedwork"),
            ("Wombatsection", id => new Section { CourseId = id, Name = "Wombatsection", Days = Weekdays.Friday, StartTime = new TimeOnly(9, 0), EndTime = new TimeOnly(10, 0) }, o => ((Section)o).Name = "Renamedsection"),
        };

        async Task<int> CountAsync(string word) =>
            (await app.GetDocumentAsync(app.CreateClient(), $"/search?q={word}")).QuerySelectorAll(".search-results li").Length;

        foreach (var (word, create, rename) in sources)
        {
            object? row = null;
            await app.WithDbAsync(async db =>
            {
                row = create(await db.Courses.Where(c => c.Slug == DemoSeeder.Slug).Select(c => c.Id).SingleAsync());
                db.Add(row);
                await db.SaveChangesAsync();
            });
            Assert.True(await CountAsync(word) == 1, $"{word} is found once stored");

            var renamed = "Renamed" + word["Wombat".Length..];
            await app.WithDbAsync(async db =>
            {
                db.Attach(row!);
                rename(row!);
                await db.SaveChangesAsync();
            });
            Assert.True(await CountAsync(word) == 0, $"{word} is gone once renamed");
            Assert.True(await CountAsync(renamed) == 1, $"{renamed} is found once renamed");

            await app.WithDbAsync(async db =>
            {
                db.Remove(row!);
                await db.SaveChangesAsync();
            });
            Assert.True(await CountAsync(renamed) == 0, $"{renamed} is gone once deleted");
        }
    }

    [Fact]
    public async Task Search_can_be_limited_to_one_course_and_odd_queries_do_no_harm()
    {
        var scoped = await app.GetDocumentAsync(app.CreateClient(), $"/search?q=optimization&course={DemoSeeder.Slug}");
        Assert.NotEmpty(scoped.QuerySelectorAll(".search-results li"));
        var elsewhere = await app.GetDocumentAsync(app.CreateClient(), "/search?q=optimization&course=no-such-course");
        Assert.Empty(elsewhere.QuerySelectorAll(".search-results li"));

        foreach (var query in new[] { "\"", "NOT", "a OR b*", "(((", "col:umn", "<script>alert(1)</script>", new string('x', 5000) })
        {
            var doc = await app.GetDocumentAsync(app.CreateClient(), $"/search?q={Uri.EscapeDataString(query)}");
            Assert.Null(doc.QuerySelector("main script"));
        }

        Assert.Null(SearchQueries.ToMatchExpression("  ?!  "));
        Assert.Equal("\"Diffusion\"* \"model\"*", SearchQueries.ToMatchExpression("Diffusion, model!"));
    }

#if SCALED
    [Fact]
    public async Task On_PostgreSQL_quotes_make_a_phrase_and_a_minus_leaves_a_word_out_and_every_word_stays_a_prefix()
    {
        await app.WithDbAsync(async db =>
        {
            var course = await db.Courses.SingleAsync(c => c.Slug == DemoSeeder.Slug);
            db.Announcements.Add(new Announcement { CourseId = course.Id, Title = "Quokka stochastic gradients", BodyMarkdown = "Bring a laptop.", PublishAt = new DateTime(2025, 9, 1, 0, 0, 0, DateTimeKind.Utc) });
            db.Announcements.Add(new Announcement { CourseId = course.Id, Title = "Quokka gradients, stochastic ones", BodyMarkdown = "Bring paper.", PublishAt = new DateTime(2025, 9, 1, 0, 0, 0, DateTimeKind.Utc) });
            await db.SaveChangesAsync();
        });

        async Task<List<string>> TitlesAsync(string query) =>
            (await app.GetDocumentAsync(app.CreateClient(), $"/search?q={Uri.EscapeDataString(query)}"))
                .QuerySelectorAll(".search-results li a").Select(a => a.TextContent).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["Quokka gradients, stochastic ones", "Quokka stochastic gradients"], await TitlesAsync("quok stoch"));
        Assert.Equal(["Quokka stochastic gradients"], await TitlesAsync("\"quokka stochastic grad\""));
        Assert.Equal(["Quokka gradients, stochastic ones"], await TitlesAsync("quokka -laptop"));
    }
#endif
}
