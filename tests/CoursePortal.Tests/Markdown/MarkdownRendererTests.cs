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

    [Theory]
    [InlineData("[md link](javascript:alert(1))")]
    [InlineData("[md link](vbscript:x)")]
    [InlineData("![md link](javascript:alert(1))")]
    [InlineData("[md link][r]\n\n[r]: javascript:alert(1)")]
    public void A_refused_link_shows_its_text_once(string markdown)
    {
        var html = renderer.Render(markdown);

        Assert.Equal("<p>md link</p>", html.Trim());
    }

    [Fact]
    public void A_refused_link_keeps_the_formatting_of_its_text()
    {
        Assert.Equal("<p>read <strong>this</strong> now</p>", renderer.Render("[read **this** now](javascript:alert(1))").Trim());
    }

    [Fact]
    public void Table_alignment_is_a_class_not_a_style_attribute()
    {
        var html = renderer.Render("| Left | Centre | Right | Plain |\n|:-----|:------:|------:|-------|\n| a | b | c | d |");

        Assert.DoesNotContain("style", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<th class=\"align-left\">Left</th>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"align-center\">b</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"align-right\">c</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>d</td>", html, StringComparison.Ordinal);
    }

    /// <summary>Every construct of the enabled extensions at once: none may write a style attribute or load anything.</summary>
    [Fact]
    public void No_construct_writes_a_style_attribute_or_loads_a_resource()
    {
        const string everything = """
            # Title
            Setext
            ------
            *em* **strong** ~~del~~ ~sub~ ^sup^ ++ins++ ==mark== `code` www.example.edu https://example.edu/x <https://example.edu/y> <ta@example.edu>

            > quote with ![a figure](https://tracker.example/pixel.gif "title")

            - list
            1. ordered

                indented code

            ```
            fenced
            ```

            | a | b |
            |:-:|--:|
            | ![in a table](/x/materials/1/a.pdf) | [![nested](https://tracker.example/n.png)](https://example.edu/) |

            ![reference][pic]

            [pic]: https://tracker.example/ref.png
            """;

        var html = renderer.Render(everything);

        Assert.DoesNotContain("style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<a href=\"https://tracker.example/n.png\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_from_another_host_is_a_link_to_it_with_its_description()
    {
        var html = renderer.Render("See ![Loss curve of run 3](https://images.example.com/loss.png \"Loss\").");
        var link = (await PortalApplication.ParseAsync(html)).QuerySelector("a")!;

        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("https://images.example.com/loss.png", link.GetAttribute("href"));
        Assert.Equal("Loss curve of run 3", link.TextContent);
        Assert.Equal("image-link", link.GetAttribute("class"));
        Assert.Equal("Loss", link.GetAttribute("title"));
        Assert.Contains("noreferrer", link.GetAttribute("rel") ?? "", StringComparison.Ordinal);
    }

    /// <summary>The portal stores only PDFs, which an img element cannot show, so its own files are links as well.</summary>
    [Fact]
    public async Task An_image_of_the_portals_own_materials_is_a_link_to_the_file()
    {
        var html = renderer.Render("![Slides of lecture 3](/deep-learning/materials/3/slides.pdf)");
        var link = (await PortalApplication.ParseAsync(html)).QuerySelector("a")!;

        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("/deep-learning/materials/3/slides.pdf", link.GetAttribute("href"));
        Assert.Equal("Slides of lecture 3", link.TextContent);
    }

    [Fact]
    public void An_image_inside_a_link_is_its_description_not_a_second_link()
    {
        var html = renderer.Render("[![Course logo](https://images.example.com/logo.png)](https://example.edu/course)");

        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<a "));
        Assert.Contains(">Course logo</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Stored_text_with_an_undescribed_image_still_shows_a_link_with_its_address()
    {
        Assert.Contains(">https://images.example.com/x.png</a>", renderer.Render("![](https://images.example.com/x.png)"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("![](x.png)")]
    [InlineData("Text ![ ](x.png) more")]
    [InlineData("![][pic]\n\n[pic]: https://example.edu/p.png")]
    [InlineData("| a |\n|---|\n| ![](x.png) |")]
    public void An_image_without_a_description_is_refused(string markdown)
    {
        var problem = MarkdownRules.Problem(markdown);

        Assert.NotNull(problem);
        Assert.Contains("no description", problem, StringComparison.Ordinal);
        Assert.Contains("screen-reader users", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("No images at all, [a link](https://example.edu) and [](https://example.edu/empty)")]
    [InlineData("![Diagram of the network](x.png)")]
    [InlineData("![`code` only](x.png)")]
    public void Described_images_and_plain_text_pass(string? markdown)
    {
        Assert.Null(MarkdownRules.Problem(markdown));
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
