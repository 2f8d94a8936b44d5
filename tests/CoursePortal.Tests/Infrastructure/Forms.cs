using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace CoursePortal.Tests.Infrastructure;

/// <summary>
/// Submits forms the way a browser does: GET the page, take every field of the form as rendered
/// (antiforgery token and concurrency version included), change some, POST to the form's action.
/// </summary>
public static class Forms
{
    public static async Task<HttpResponseMessage> SubmitFormAsync(
        this HttpClient client, string pageUrl, IReadOnlyDictionary<string, string?> changes, string formSelector = "main form[method='post']", string? button = null)
    {
        var page = await client.GetAsync(pageUrl);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"GET {pageUrl} gave {(int)page.StatusCode}");
        var doc = await PortalApplication.ParseAsync(html);
        return await client.SubmitFormAsync(doc, pageUrl, changes, formSelector, button);
    }

    /// <summary>Submits a form of <paramref name="doc"/>; <paramref name="button"/> (a selector) picks the submit button, whose formaction wins.</summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(
        this HttpClient client, IDocument doc, string pageUrl, IReadOnlyDictionary<string, string?> changes, string formSelector = "main form[method='post']", string? button = null)
    {
        var form = doc.QuerySelector<IHtmlFormElement>(formSelector) ?? throw new InvalidOperationException($"No form '{formSelector}' on {pageUrl}");
        var submitter = button is null ? null : form.QuerySelector(button) ?? throw new InvalidOperationException($"No button '{button}' in the form on {pageUrl}");
        return await client.SubmitFormAsync(form, pageUrl, changes, submitter);
    }

    /// <summary>Submits <paramref name="form"/> as it stands with <paramref name="changes"/> (a null value leaves the field out).</summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(
        this HttpClient client, IHtmlFormElement form, string pageUrl, IReadOnlyDictionary<string, string?> changes, IElement? submitter = null)
    {
        var fields = FieldsOf(form);
        foreach (var (name, value) in changes)
        {
            fields.RemoveAll(f => f.Key == name);
            if (value is not null)
            {
                fields.Add(new(name, value));
            }
        }

        var action = submitter?.GetAttribute("formaction") ?? form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? pageUrl : WebUtility.HtmlDecode(action);
        using HttpContent content = string.Equals(form.GetAttribute("enctype"), "multipart/form-data", StringComparison.OrdinalIgnoreCase)
            ? Multipart(fields)
            : new FormUrlEncodedContent(fields);
        return await client.PostAsync(target, content);
    }

    /// <summary>
    /// Submits a multipart form as a browser without script does: its fields as they stand with <paramref name="changes"/>,
    /// then <paramref name="files"/> in the form's file input (by its name).
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitFormWithFilesAsync(
        this HttpClient client, IHtmlFormElement form, string pageUrl, IReadOnlyDictionary<string, string?> changes, params (string Name, string ContentType, byte[] Bytes)[] files)
    {
        var input = form.QuerySelector<IHtmlInputElement>("input[type=file]") ?? throw new InvalidOperationException($"The form on {pageUrl} has no file input");
        Assert.Equal("multipart/form-data", form.GetAttribute("enctype"));
        var fields = FieldsOf(form);
        foreach (var (name, value) in changes)
        {
            fields.RemoveAll(f => f.Key == name);
            if (value is not null)
            {
                fields.Add(new(name, value));
            }
        }

        using var content = Multipart(fields);
        foreach (var (name, contentType, bytes) in files)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
            content.Add(file, input.Name!, name);
        }

        var action = form.GetAttribute("action");
        return await client.PostAsync(string.IsNullOrEmpty(action) ? pageUrl : WebUtility.HtmlDecode(action), content);
    }

    private static MultipartFormDataContent Multipart(List<KeyValuePair<string, string>> fields)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        return content;
    }

    /// <summary>What a browser would send for the form as it stands.</summary>
    public static List<KeyValuePair<string, string>> FieldsOf(IHtmlFormElement form)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name) && input.Type is not ("submit" or "button" or "file"):
                    if (input.Type is "checkbox" or "radio")
                    {
                        if (input.IsChecked)
                        {
                            fields.Add(new(input.Name, input.Value ?? "on"));
                        }
                    }
                    else
                    {
                        fields.Add(new(input.Name, input.Value ?? ""));
                    }

                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name):
                    fields.Add(new(area.Name, area.Value));
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name):
                    var selected = select.Options.FirstOrDefault(o => o.IsSelected) ?? (select.Options.Length > 0 ? select.Options[0] : null);
                    if (selected is not null)
                    {
                        fields.Add(new(select.Name, selected.Value));
                    }

                    break;
            }
        }

        return fields;
    }

    public static async Task<IDocument> ReadDocumentAsync(this HttpResponseMessage response) =>
        await PortalApplication.ParseAsync(await response.Content.ReadAsStringAsync());

    /// <summary>The validation message shown next to a field (by the field's name).</summary>
    public static string FieldError(this IDocument doc, string fieldName) =>
        doc.QuerySelector($"[data-valmsg-for='{fieldName}']")?.TextContent.Trim() ?? "";
}
