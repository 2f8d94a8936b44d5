using System.Net;
using AngleSharp.Html.Dom;
using CoursePortal.Tests.Browser;
using CoursePortal.Tests.Infrastructure;

namespace CoursePortal.Tests.Staff;

/// <summary>
/// Every form of every staff, admin and account page (found through routing, so a new form is covered),
/// posted as a careless or hostile client would: each field empty, each field missing, each field far
/// too long. None may answer 5xx; a form shown again carries its messages, and a far too long field
/// gets its own message next to it rather than being stored.
/// </summary>
public sealed class FormInputTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    private static readonly string Oversized = new('x', 100_000);

    /// <summary>Fields a person types into; hidden ones are the page's own and are only left out.</summary>
    private static readonly HashSet<string> Typed = ["text", "email", "url", "search", "password", "tel", "number", "date", "time", "datetime-local", ""];

    public enum Variant { Empty, Missing, Oversized }

    /// <summary>What ASP.NET Core says when nobody chose the words.</summary>
    private static readonly string[] DefaultWording = ["The value", "is invalid", "field is required", "must be a string", "The field "];

    /// <summary>A field's name without what a label adds after it: "Room (if not the usual room)", "Room of the lecture of Wed Sep 3" → "Room".</summary>
    private static string FieldName(string label) =>
        label.Split([" (", " of "], 2, StringSplitOptions.None)[0];

    /// <summary>The visible label of the field named <paramref name="name"/> (its legend for a group of boxes), without hints inside it.</summary>
    private static string? LabelOf(AngleSharp.Dom.IDocument doc, string name)
    {
        var input = doc.QuerySelector($"[name='{name}']");
        if (input is null)
        {
            return null;
        }

        var label = input.Id is { Length: > 0 } id ? doc.QuerySelector($"label[for='{id}']") : null;
        var text = label is not null && input.GetAttribute("type") is not ("checkbox" or "radio")
            ? label.ChildNodes.Where(n => n is not AngleSharp.Dom.IElement { ClassName: "hint" }).Select(n => n.TextContent).Aggregate("", string.Concat)
            : input.Closest("fieldset")?.QuerySelector("legend")?.TextContent;
        return text?.Trim() is { Length: > 0 } trimmed ? trimmed : null;
    }

    [Theory]
    [InlineData(Variant.Empty)]
    [InlineData(Variant.Missing)]
    [InlineData(Variant.Oversized)]
    public async Task Every_form_answers_bad_fields_with_messages_not_a_server_error(Variant variant)
    {
        var email = $"forms.{variant}@example.edu".ToLowerInvariant();
        await app.CreateUserAsync(email, admin: true);
        var pages = await PageInventory.StaffAsync(app);
        var forms = 0;
        var problems = new List<string>();

        foreach (var url in pages.Append("/Account/Login"))
        {
            // A fresh session per page: a form that signs out or changes the password cannot spoil the next.
            var client = await app.SignInAsync(email);
            var doc = await app.GetDocumentAsync(client, url);
            var count = doc.QuerySelectorAll("main form[method='post']").Length;
            for (var i = 0; i < count; i++)
            {
                var form = (IHtmlFormElement)doc.QuerySelectorAll("main form[method='post']")[i];
                if (form.GetAttribute("action")?.Contains("Logout", StringComparison.OrdinalIgnoreCase) == true)
                {
                    continue;
                }

                var typed = form.Elements.Where(e => e is IHtmlTextAreaElement || (e is IHtmlInputElement input && Typed.Contains(input.Type ?? "")))
                    .Select(e => e.GetAttribute("name")).OfType<string>().Where(n => n.Length > 0).Distinct().ToList();
                var hidden = form.Elements.OfType<IHtmlInputElement>().Where(e => e.Type == "hidden" && e.Name is not (null or "" or "__RequestVerificationToken"))
                    .Select(e => e.Name!).ToList();
                if (typed.Count == 0 && (variant != Variant.Missing || hidden.Count == 0))
                {
                    continue;
                }

                forms++;
                var changes = new Dictionary<string, string?>();
                foreach (var name in variant == Variant.Missing ? typed.Concat(hidden) : typed)
                {
                    changes[name] = variant switch { Variant.Empty => "", Variant.Missing => null, _ => Oversized };
                }

                var label = $"{variant} fields in form {i + 1} of {url}";
                // As a browser does on Enter: the form's first submit button (its formaction) sends it.
                var submitter = form.QuerySelector("button:not([type]), button[type='submit'], input[type='submit']");
                using var response = await client.SubmitFormAsync(form, url, changes, submitter);
                if ((int)response.StatusCode >= 500)
                {
                    problems.Add($"{label}: {(int)response.StatusCode}");
                    continue;
                }

                if (response.StatusCode == HttpStatusCode.Redirect)
                {
                    if (variant == Variant.Oversized)
                    {
                        problems.Add($"{label}: accepted {Oversized.Length} characters in {string.Join(", ", typed)}");
                    }

                    continue;
                }

                var answer = await response.ReadDocumentAsync();
                var messages = answer.QuerySelectorAll(".field-error, .form-errors li, .form-errors, .flash, [role='alert']")
                    .Select(e => e.TextContent.Trim()).Where(t => t.Length > 0).ToList();
                if (messages.Count == 0)
                {
                    problems.Add($"{label}: {(int)response.StatusCode} without any message");
                }

                // Every message next to a field names the field as its label does, never in MVC's default words.
                foreach (var error in answer.QuerySelectorAll("[data-valmsg-for]").Where(e => e.TextContent.Trim().Length > 0))
                {
                    var text = error.TextContent.Trim();
                    var field = error.GetAttribute("data-valmsg-for")!;
                    var fieldLabel = LabelOf(answer, field);
                    // A row of a list names its field in the label too ("Date of the lecture of Wed Sep 3"); its message next to the
                    // field may name it as the label begins ("Date: …").
                    var named = fieldLabel is null || text.StartsWith(fieldLabel + ":", StringComparison.Ordinal)
                        || (text.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon && FieldName(text[..colon]) == FieldName(fieldLabel));
                    if (DefaultWording.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase)) || !named)
                    {
                        problems.Add($"{label}: {field} says “{text}”, not “{fieldLabel}: …”");
                    }
                }

                if (variant == Variant.Oversized)
                {
                    foreach (var name in typed.Where(n => answer.FieldError(n).Length == 0 && answer.QuerySelector($"[name='{n}']") is not null))
                    {
                        problems.Add($"{label}: no message next to {name}");
                    }
                }
            }
        }

        Assert.True(forms > 15, $"only {forms} forms found");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
