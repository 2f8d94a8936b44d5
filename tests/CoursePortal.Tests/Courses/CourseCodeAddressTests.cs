using System.Net;
using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Tests.Infrastructure;

namespace CoursePortal.Tests.Courses;

/// <summary><c>/c/{code}</c>: one address per course code that leads to the current offering, and the list of them all.</summary>
public sealed class CourseCodeAddressTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    private HttpClient Client() => app.Browser();

    private async Task AddOfferingsAsync()
    {
        await app.WithDbAsync(async db =>
        {
            if (db.Courses.Any(c => c.Code == "ORF 309"))
            {
                return;
            }

            Course Offering(string slug, string term, DateOnly start, bool published = true, string code = "ORF 309") => new()
            {
                Slug = slug, Code = code, Title = "Probability and Stochastic Systems", TermName = term, TermStart = start, TermEnd = start.AddDays(100),
                IsPublished = published,
            };
            db.Courses.AddRange(
                Offering("orf309-fall-2024", "Fall 2024", new(2024, 9, 3)),
                Offering("orf309-fall-2025", "Fall 2025", new(2025, 9, 2)),
                Offering("orf309-spring-2026", "Spring 2026", new(2026, 1, 26), code: "orf-309"),
                Offering("orf309-fall-2026", "Fall 2026", new(2026, 9, 1), published: false),
                Offering("orf3090-fall-2025", "Fall 2025", new(2025, 9, 2), code: "ORF 3090"));
            await db.SaveChangesAsync();
        });
    }

    [Fact]
    public async Task The_code_address_leads_to_the_offering_of_this_term_and_between_terms_to_the_next()
    {
        await AddOfferingsAsync();
        try
        {
            app.Clock.SetUtcNow(PortalApplication.MidTerm);
            using var now = await Client().GetAsync("/c/orf-309");
            Assert.Equal(HttpStatusCode.Redirect, now.StatusCode);
            Assert.Equal("/orf309-fall-2025", now.Headers.Location!.OriginalString);
            Assert.Contains("no-cache", now.Headers.CacheControl!.ToString(), StringComparison.Ordinal);

            app.Clock.SetUtcNow(new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero));
            using var between = await Client().GetAsync("/c/ORF-309");
            Assert.Equal("/orf309-spring-2026", between.Headers.Location!.OriginalString);
        }
        finally
        {
            app.Clock.SetUtcNow(PortalApplication.MidTerm);
        }
    }

    [Fact]
    public async Task The_offerings_list_shows_every_published_term_of_the_code_and_nothing_of_another_code()
    {
        await AddOfferingsAsync();

        var doc = await app.GetDocumentAsync(app.CreateClient(), "/c/orf-309/offerings");

        var upcoming = doc.QuerySelectorAll("#upcoming-heading + ul a").Select(a => a.GetAttribute("href")).ToList();
        var past = doc.QuerySelectorAll("#past-offerings-heading + ul a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["/orf309-spring-2026", "/orf309-fall-2025"], upcoming);
        Assert.Equal(["/orf309-fall-2024"], past);
        Assert.Equal("ORF 309", doc.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task Once_every_offering_is_past_the_code_address_lists_them_and_an_unknown_code_is_not_found()
    {
        await AddOfferingsAsync();
        app.Clock.SetUtcNow(new DateTimeOffset(2027, 6, 1, 12, 0, 0, TimeSpan.Zero));
        try
        {
            using var listed = await Client().GetAsync("/c/orf-309");
            Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
            using var unknown = await Client().GetAsync("/c/orf-999");
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            using var notAList = await Client().GetAsync("/c/orf-309/schedule");
            Assert.Equal(HttpStatusCode.NotFound, notAList.StatusCode);
        }
        finally
        {
            app.Clock.SetUtcNow(PortalApplication.MidTerm);
        }
    }

    [Theory]
    [InlineData("COS 324", "cos-324")]
    [InlineData("cos-324", "cos-324")]
    [InlineData("  COS/324 (L01) ", "cos-324-l01")]
    [InlineData("ÉCO 101", "éco-101")]
    public void A_code_key_ignores_case_and_punctuation(string code, string key) => Assert.Equal(key, CourseRules.CodeKey(code));

    [Fact]
    public void No_course_can_take_the_address_the_code_pages_live_under() =>
        Assert.NotNull(CourseRules.SlugProblem("c"));
}
