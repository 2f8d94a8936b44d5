using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace CoursePortal.Markdown;

/// <summary>
/// <c>&lt;markdown-field asp-for="Input.Notes" /&gt;</c>: a labelled Markdown textarea with a live
/// preview beside it (rendered by the server's own pipeline, see /Staff/Preview) and its validation message.
/// </summary>
[HtmlTargetElement("markdown-field", TagStructure = TagStructure.WithoutEndTag)]
public sealed class MarkdownFieldTagHelper(IHtmlGenerator generator, HtmlEncoder encoder) : TagHelper
{
    [HtmlAttributeName("asp-for")]
    public Microsoft.AspNetCore.Mvc.ViewFeatures.ModelExpression For { get; set; } = null!;

    [HtmlAttributeNotBound]
    [ViewContext]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = For.Name;
        var id = TagBuilder.CreateSanitizedId(name, "_");
        var label = encoder.Encode(For.Metadata.GetDisplayName());
        var value = encoder.Encode(For.Model as string ?? "");
        var error = generator.GenerateValidationMessage(ViewContext, For.ModelExplorer, name, null, "span", new { @class = "field-error" });

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "field markdown-field");
        output.Content.AppendHtml($"""
            <label for="{id}">{label}</label>
            <div class="markdown-editor">
                <textarea id="{id}" name="{encoder.Encode(name)}" rows="8" data-preview="{id}-preview" aria-describedby="{id}-hint">{value}</textarea>
                <div class="preview-box">
                    <p class="preview-label">Preview</p>
                    <div id="{id}-preview" class="prose preview" aria-live="polite"></div>
                </div>
            </div>
            <span id="{id}-hint" class="hint">Markdown: **bold**, *italic*, [link](https://…), lists with “- ”, ![what it shows](address) for a link to an image. HTML is shown as text.</span>
            """);
        output.Content.AppendHtml(error);
    }
}
