using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.AspNetCore.Html;

namespace CoursePortal.Markdown;

/// <summary>
/// The one Markdown pipeline of the portal, used for every page, preview, feed and archive. Raw HTML is
/// shown as text, links keep only http, https, mailto or relative targets, and headings start at h3 so
/// that a page keeps its single h1. Nothing it writes loads anything: an image becomes a link to it,
/// with its description as the link text, and no element carries a style attribute (which the
/// Content-Security-Policy would block), so every output shows the same thing.
/// </summary>
public sealed class MarkdownRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseAutoLinks()
        .UseReferralLinks("nofollow", "noopener", "noreferrer")
        .Build();

    public IHtmlContent ToHtml(string? markdown, Func<string, string>? rewriteUrl = null) => new HtmlString(Render(markdown, rewriteUrl));

    /// <summary>
    /// The HTML of <paramref name="markdown"/>. <paramref name="rewriteUrl"/> maps each kept link target,
    /// for an output that lives somewhere else than the portal (the static archive).
    /// </summary>
    public string Render(string? markdown, Func<string, string>? rewriteUrl = null)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return "";
        }

        var document = Parse(markdown);
        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            heading.Level = Math.Min(heading.Level + 2, 6);
        }

        // An unsafe link or image becomes its own text: nothing clickable, nothing lost for the reader.
        foreach (var link in document.Descendants<LinkInline>().Where(l => !IsSafeUrl(l.Url)).ToList())
        {
            Unwrap(link);
        }

        foreach (var autolink in document.Descendants<AutolinkInline>().Where(l => !IsSafeUrl(l.Url)).ToList())
        {
            autolink.ReplaceBy(new LiteralInline(autolink.Url));
        }

        foreach (var image in document.Descendants<LinkInline>().Where(l => l.IsImage).ToList())
        {
            ShowAsLink(image);
        }

        if (rewriteUrl is not null)
        {
            foreach (var link in document.Descendants<LinkInline>().Where(l => l.Url is not null))
            {
                link.Url = rewriteUrl(link.Url!);
            }
        }

        foreach (var table in document.Descendants<Table>())
        {
            AlignByClass(table);
        }

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>The parsed document, for rules that judge Markdown the way it will be rendered.</summary>
    internal static MarkdownDocument Parse(string markdown) => Markdig.Markdown.Parse(markdown, Pipeline);

    /// <summary>The text a reader gets from inlines: literals and code, without the markup.</summary>
    internal static string PlainText(ContainerInline container) =>
        string.Concat(container.Descendants<Inline>().Select(i => i switch
        {
            LiteralInline literal => literal.Content.ToString(),
            CodeInline code => code.Content,
            LineBreakInline => " ",
            _ => "",
        }));

    /// <summary>
    /// An image loads nothing: it becomes a link to the picture, its description the link text, so
    /// no output fetches from another host (no tracking pixel in a feed reader) and every output,
    /// with or without a Content-Security-Policy, shows the same. Inside a link it is just its description.
    /// </summary>
    private static void ShowAsLink(LinkInline image)
    {
        if (image.Parent?.FirstParentOfType<LinkInline>() is not null)
        {
            Unwrap(image);
            return;
        }

        image.IsImage = false;
        // Older text may have an image without a description (saving refuses that now): the address stands in for it.
        if (string.IsNullOrWhiteSpace(PlainText(image)))
        {
            image.AppendChild(new LiteralInline(image.Url ?? ""));
        }

        image.GetAttributes().AddClass("image-link");
    }

    /// <summary>Puts the children of <paramref name="container"/> in its place, once.</summary>
    private static void Unwrap(ContainerInline container)
    {
        var child = container.FirstChild;
        while (child is not null)
        {
            var next = child.NextSibling;
            child.Remove();
            container.InsertBefore(child);
            child = next;
        }

        container.Remove();
    }

    /// <summary>Column alignment as a class of each cell, never as the style attribute Markdig writes.</summary>
    private static void AlignByClass(Table table)
    {
        var columns = table.ColumnDefinitions;
        foreach (var row in table.OfType<TableRow>())
        {
            for (var i = 0; i < row.Count; i++)
            {
                var cell = (TableCell)row[i];
                var index = cell.ColumnIndex >= 0 && cell.ColumnIndex < columns.Count ? cell.ColumnIndex : Math.Min(i, columns.Count - 1);
                var alignment = index >= 0 ? columns[index].Alignment : null;
                if (alignment is { } align)
                {
                    cell.GetAttributes().AddClass(align switch
                    {
                        TableColumnAlign.Center => "align-center",
                        TableColumnAlign.Right => "align-right",
                        _ => "align-left",
                    });
                }
            }
        }

        // Markdig writes alignment and column widths as style attributes; with neither set it writes none.
        foreach (var column in columns)
        {
            column.Alignment = null;
            column.Width = 0;
        }
    }

    /// <summary>http, https and mailto, or a relative URL (no scheme at all).</summary>
    public static bool IsSafeUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return false;
        }

        // Browsers ignore control characters and whitespace inside a scheme ("java\tscript:"), so judge without them.
        var compact = new string(url.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c)).ToArray());
        var colon = compact.IndexOf(':', StringComparison.Ordinal);
        var firstDelimiter = compact.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (firstDelimiter >= 0 && firstDelimiter < colon))
        {
            return true;
        }

        var scheme = compact[..colon];
        return scheme.Equals("http", StringComparison.OrdinalIgnoreCase)
            || scheme.Equals("https", StringComparison.OrdinalIgnoreCase)
            || scheme.Equals("mailto", StringComparison.OrdinalIgnoreCase);
    }
}
