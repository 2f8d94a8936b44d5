using CoursePortal.Markdown;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Pages.Staff;

/// <summary>Live Markdown preview for editors: the same pipeline as the public pages, so what you see is what students get.</summary>
public sealed class PreviewModel(MarkdownRenderer markdown) : PageModel
{
    public IActionResult OnPost([FromForm] string? markdownText) =>
        Content(markdown.Render(markdownText is { Length: > 100_000 } ? markdownText[..100_000] : markdownText), "text/html; charset=utf-8");
}
