namespace CoursePortal.Materials;

/// <summary>What a material may hold, shared by the edit form, the upload, the import and the database's column sizes.</summary>
public static class MaterialRules
{
    public const int TitleMaxLength = 300;

    public const int UrlMaxLength = 2000;

    public const string LinkMessage = "Give a full web address starting with https:// or http://.";

    /// <summary>Only absolute http and https addresses: no <c>javascript:</c>, <c>data:</c> or relative links in any output.</summary>
    public static bool IsWebAddress(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && !string.IsNullOrEmpty(uri.Host);

    /// <summary>Null when <paramref name="title"/> can be a material's title (empty means "from the file name"), else why not.</summary>
    public static string? TitleProblem(string? title) =>
        title is { Length: > TitleMaxLength } ? $"Use at most {TitleMaxLength} characters." : Editing.TextRules.Problem(title);
}
