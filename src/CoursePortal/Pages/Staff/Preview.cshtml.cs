using System.Text.Encodings.Web;
using CoursePortal.Markdown;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Pages.Staff;

/// <summary>
/// Live Markdown preview for editors: the same pipeline as the public pages, so what you see is what
/// students get, and the reason saving would refuse the text, so it is fixed before it is sent.
/// </summary>
public sealed class PreviewModel(MarkdownRenderer markdown) : PageModel
{
    public IActionResult OnPost([FromForm] string? markdownText)
    {
        var text = markdownText is { Length: > 100_000 } ? markdownText[..100_000] : markdownText;
        var problem = MarkdownRules.Problem(text) is { } p ? $"<p class=\"field-error\">{HtmlEncoder.Default.Encode(p)}</p>" : "";
        return Content(problem + markdown.Render(text), "text/html; charset=utf-8");
    }
}
