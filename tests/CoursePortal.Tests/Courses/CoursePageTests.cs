using System.Net;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;

namespace CoursePortal.Tests.Courses;

/// <summary>The demo course page shows every fact of the page the portal was born from.</summary>
public sealed class CoursePageTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    private const string CourseUrl = "/" + DemoSeeder.Slug;

    public static TheoryData<string, string> ScheduleRows => new()
    {
        { "2025-09-03", "Optimization theory" },
        { "2025-09-08", "Optimization contd." },
        { "2025-09-10", "Generalization theory" },
        { "2025-09-15", "Generalization contd" },
        { "2025-09-17", "Role of training algorithm in generalization (Implicit bias)" },
        { "2025-09-22", "Credit Attribution/influence functions" },
        { "2025-09-24", "Linear data models" },
        { "2025-09-29", "KL divergence and Distribution learning" },
        { "2025-10-01", "Diffusion Models" },
        { "2025-10-06", "Diffusion Models (contd)" },
        { "2025-10-08", "Deep learning architectures: convolutions + theory" },
        { "2025-10-19", "Deep learning architectures: normalization + theory" },
        { "2025-10-21", "Language modeling, cross-entropy, notions of generalization" },
        { "2025-10-26", "Transformers. Scaling laws" },
        { "2025-10-28", "Emergence of complex skills from scaling." },
        { "2025-11-01", "LLM Alignment" },
        { "2025-11-03", "Project ideas" },
        { "2025-11-08", "LLM Alignment 2" },
        { "2025-11-15", "Recurrent architectures for language modeling: State space models" },
    };

    [Fact]
    public async Task Course_page_shows_staff_with_readable_emails_and_office_hours()
    {
        var doc = await app.GetDocumentAsync(app.CreateClient(), CourseUrl);
        var staff = doc.QuerySelector("#staff")!.TextContent;

        Assert.Contains("Sanjeev Arora", staff);
        Assert.Contains("Instructor", staff);
        Assert.Contains("arora AT cs.princeton.edu", staff);
        Assert.Contains("Office hour: Wednesday 4:30\u20135:30 pm, COS407", staff);
        Assert.Contains("Gon Buzaglo", staff);
        Assert.Contains("Teaching assistant", staff);
        Assert.Contains("gon.buzaglo AT princeton.edu", staff);
        Assert.Contains("Office hour: Monday 4:30\u20135:30 pm, COS431", staff);
    }

    [Fact]
    public async Task Emails_are_never_plain_mailto_links_in_the_html()
    {
        var html = await app.CreateClient().GetStringAsync(CourseUrl);

        Assert.DoesNotContain("mailto:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("arora@cs.princeton.edu", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Course_page_shows_meeting_pattern_location_description_and_prerequisites()
    {
        var doc = await app.GetDocumentAsync(app.CreateClient(), CourseUrl);

        Assert.Equal("Theory of Deep Learning", doc.QuerySelector("h1")!.TextContent.Trim());
        Assert.Single(doc.QuerySelectorAll("h1"));
        var meeting = doc.QuerySelector(".meeting")!.TextContent;
        Assert.Contains("Monday and Wednesday, 3:00\u20134:30 pm", meeting);
        Assert.Contains("Friend Center 008", meeting);
        var about = doc.QuerySelector("#about")!.TextContent;
        Assert.Contains("This course is a mathematical and conceptual introduction to Deep Learning", about);
        Assert.Contains("Fine-tuning of Large Pretrained Models, etc.", about);
        Assert.Contains("Prerequisites", about);
        Assert.Contains("Undergraduates need instructor's permission to enroll.", about);
    }

    [Theory]
    [MemberData(nameof(ScheduleRows))]
    public async Task Schedule_has_every_seed_row_with_its_date_and_topic(string isoDate, string topic)
    {
        var doc = await app.GetDocumentAsync(app.CreateClient(), CourseUrl);
        var row = doc.QuerySelectorAll("table.schedule tr")
            .SingleOrDefault(tr => tr.QuerySelector($"time[datetime='{isoDate}']") is not null);

        Assert.NotNull(row);
        Assert.Contains(topic, row.TextContent);
    }

    [Fact]
    public async Task Schedule_has_nineteen_numbered_lectures_under_date_topic_materials_headers()
    {
        var doc = await app.GetDocumentAsync(app.CreateClient(), CourseUrl);
        var headers = doc.QuerySelectorAll("table.schedule thead th").Select(th => th.TextContent.Trim());

        Assert.Equal(["Date", "Topic", "Materials"], headers);
        var numbers = doc.QuerySelectorAll("table.schedule .lecture-number").Select(n => n.TextContent.Trim()).ToList();
        Assert.Equal(Enumerable.Range(1, 19).Select(i => $"Lecture {i}"), numbers);
        Assert.NotNull(doc.GetElementById("lecture-7"));
    }

    [Fact]
    public async Task Every_lecture_pdf_link_serves_a_real_pdf()
    {
        var client = app.CreateClient();
        var doc = await app.GetDocumentAsync(client, CourseUrl);
        var links = doc.QuerySelectorAll("table.schedule a")
            .Where(a => a.TextContent.Trim().StartsWith("Lecture PDF (PDF, ", StringComparison.Ordinal))
            .Select(a => a.GetAttribute("href")!)
            .ToList();

        Assert.Equal(4, links.Count);
        foreach (var href in links)
        {
            await AssertPdfAsync(client, href);
        }

        var rowOfFirstPdf = doc.QuerySelectorAll("table.schedule tr").Single(tr => tr.QuerySelector($"a[href='{links[0]}']") is not null);
        Assert.Contains("Optimization theory", rowOfFirstPdf.TextContent);
    }

    [Fact]
    public async Task Book_draft_is_a_course_material_that_serves_a_pdf()
    {
        var client = app.CreateClient();
        var doc = await app.GetDocumentAsync(client, CourseUrl);
        var link = doc.QuerySelectorAll("#materials a").Single();

        Assert.Matches(@"^Theory of Deep Learning book draft \(PDF, \d+ KB\)$", link.TextContent.Trim());
        await AssertPdfAsync(client, link.GetAttribute("href")!);
    }

    [Fact]
    public async Task Front_page_lists_the_course_with_a_link_to_it()
    {
        var doc = await app.GetDocumentAsync(app.CreateClient(), "/");

        var link = doc.QuerySelectorAll(".course-list a").Single(a => a.GetAttribute("href") == CourseUrl);
        Assert.Contains("Theory of Deep Learning", link.TextContent);
    }

    private static async Task AssertPdfAsync(HttpClient client, string href)
    {
        using var response = await client.GetAsync(href);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.Length > 100, $"{href} is only {bytes.Length} bytes");
        Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(bytes);
        Assert.True(pdf.NumberOfPages >= 1);
    }
}
