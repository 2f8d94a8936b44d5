using CoursePortal.Data;
using CoursePortal.Demo;
using CoursePortal.Markdown;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Markdown;

public sealed class MarkdownRendererTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    private readonly MarkdownRenderer renderer = new();

    [Fact]
    public void Raw_html_is_shown_as_text_not_markup()
    {
        var html = renderer.Render("Hello <script>alert(1)</script> and <img src=x onerror=alert(1)>");

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click](JAVASCRIPT:alert(1))")]
    [InlineData("[click](java\tscript:alert(1))")]
    [InlineData("[click](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("[click](vbscript:msgbox)")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("![img](javascript:alert(1))")]
    [InlineData("[click][r]\n\n[r]: javascript:alert(1)")]
    public void Unsafe_link_schemes_never_become_links(string markdown)
    {
        var html = renderer.Render(markdown);

        Assert.DoesNotContain("href=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("[site](https://example.edu/x)", "href=\"https://example.edu/x\"")]
    [InlineData("[site](http://example.edu/)", "href=\"http://example.edu/\"")]
    [InlineData("[mail](mailto:ta@example.edu)", "href=\"mailto:ta@example.edu\"")]
    [InlineData("[lecture 7](#lecture-7)", "href=\"#lecture-7\"")]
    public void Safe_links_are_kept(string markdown, string expected)
    {
        Assert.Contains(expected, renderer.Render(markdown), StringComparison.Ordinal);
    }

    [Fact]
    public void Headings_start_below_the_page_title()
    {
        var html = renderer.Render("# Big\n\n## Smaller");

        Assert.Contains("<h3", html, StringComparison.Ordinal);
        Assert.Contains("<h4", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<h1", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Course_page_renders_description_markdown_safely()
    {
        await app.WithDbAsync(async db =>
        {
            var course = await db.Courses.SingleAsync(c => c.Slug == DemoSeeder.Slug);
            course.DescriptionMarkdown = "**Bold** <b onmouseover=alert(1)>raw</b> [bad](javascript:alert(1)) [good](https://example.edu)";
            await db.SaveChangesAsync();
        });

        var doc = await app.GetDocumentAsync(app.CreateClient(), "/" + DemoSeeder.Slug);
        var about = doc.QuerySelector("#about .prose")!;

        Assert.Equal("Bold", about.QuerySelector("strong")!.TextContent);
        Assert.Null(about.QuerySelector("b"));
        Assert.Contains("<b onmouseover=alert(1)>raw</b>", about.TextContent);
        Assert.Equal(["https://example.edu"], about.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
    }
}
