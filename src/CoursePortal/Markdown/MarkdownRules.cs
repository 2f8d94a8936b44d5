using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace CoursePortal.Markdown;

/// <summary>
/// What Markdown the portal accepts, for every form and the course import alike. The pipeline shows
/// anything safely; these are the things a person must fix before it is kept.
/// </summary>
public static class MarkdownRules
{
    /// <summary>The longest description or notes the forms take (an announcement may be longer).</summary>
    public const int MaxLength = 20000;

    /// <summary>Why <paramref name="markdown"/> cannot be saved, or null when it can.</summary>
    public static string? Problem(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return null;
        }

        // Judged on the parsed document, as rendered: reference images and images in tables count too.
        var image = MarkdownRenderer.Parse(markdown).Descendants<LinkInline>()
            .FirstOrDefault(l => l.IsImage && string.IsNullOrWhiteSpace(MarkdownRenderer.PlainText(l)));
        if (image is null)
        {
            return null;
        }

        var address = image.Url is { Length: > 0 } url ? url : "…";
        if (address.Length > 80)
        {
            address = address[..79] + "…";
        }

        return $"The image “{address}” has no description. Write what it shows between the brackets, as in ![Diagram of the network]({address}): "
            + "screen-reader users must get every figure, and the description is what readers click to open the image.";
    }
}
