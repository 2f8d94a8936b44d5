namespace CoursePortal.Courses;

/// <summary>
/// A course page to render, and where its links point: the live site or a static archive.
/// <paramref name="Window"/> is the part of a long schedule the page shows; without it, all of it.
/// </summary>
public sealed record CourseView(CoursePage Data, CourseLinks Links, ScheduleWindow? Window = null)
{
    public ScheduleWindow Shown => Window ?? new ScheduleWindow(Data.Weeks, 0, 0);
}

/// <summary>
/// Every link the course page makes. The live page links to the portal; the archive links to files
/// beside it, so it reads the same opened from disk or served by any web server.
/// <paramref name="MarkdownUrl"/> maps the links staff wrote in Markdown; null keeps them as written.
/// </summary>
public sealed record CourseLinks(Func<MaterialLink, string> Material, string Subscribe, string CalendarDownload, string? Feed, string? CalendarAddress,
    string? Search = null, string? FullSchedule = null, Func<string, string>? MarkdownUrl = null, string? CoursePage = null)
{
    /// <summary>Where a coursework item's description and files are: its place on the course page (CoursePage; this page when null).</summary>
    public string Coursework(CourseworkEntry entry) => $"{CoursePage}#{entry.Anchor}";

    /// <summary>
    /// Links of the static archive: materials/…, calendar.ics, all relative. A Markdown link to one of
    /// the archived files opens the copy in the archive; any other link into the portal is made absolute,
    /// since a site path means nothing opened from disk.
    /// </summary>
    public static CourseLinks Archive(CoursePage page, string siteRoot)
    {
        var archived = ArchivedMaterials(page).ToDictionary(m => m.Id);
        var coursePage = new Uri(siteRoot + page.Course.Slug);
        var root = new Uri(siteRoot);
        return new(
            m => m.IsExternal ? m.Href : ArchivePath(m),
            "calendar.ics",
            "calendar.ics",
            null,
            null,
            MarkdownUrl: url =>
            {
                if (url.StartsWith('#') || !Uri.TryCreate(coursePage, url, out var target) || target.Scheme is not ("http" or "https"))
                {
                    return url;
                }

                // A file's address is {slug}/materials/{id}/{name}; the id alone finds it, as it does on the portal.
                var path = target.GetLeftPart(UriPartial.Path);
                var parts = path.StartsWith(root.AbsoluteUri, StringComparison.OrdinalIgnoreCase) ? path[root.AbsoluteUri.Length..].Split('/') : [];
                if (parts is [var slug, "materials", var id, _] && slug.Equals(page.Course.Slug, StringComparison.OrdinalIgnoreCase)
                    && int.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var materialId)
                    && archived.TryGetValue(materialId, out var material))
                {
                    return ArchivePath(material) + target.Fragment;
                }

                return Resolve(coursePage, url);
            });
    }

    /// <summary>
    /// A link as the course page's reader would follow it, for an output read elsewhere (a feed reader, a
    /// file on disk): relative addresses resolved against <paramref name="coursePage"/>, absolute ones as written.
    /// </summary>
    public static string Resolve(Uri coursePage, string url) =>
        Uri.IsWellFormedUriString(url, UriKind.Absolute) || !Uri.TryCreate(coursePage, url, out var target) ? url : target.AbsoluteUri;

    /// <summary>The files the static archive holds: every public material that is a file, not a link (a lecture's, the course's, a coursework item's).</summary>
    public static IEnumerable<MaterialLink> ArchivedMaterials(CoursePage page) =>
        page.Rows.SelectMany(r => r.Materials).Concat(page.CourseMaterials).Concat(page.Coursework.SelectMany(e => e.Materials))
            .Where(m => !m.IsExternal).DistinctBy(m => m.Id);

    /// <summary>Where a material file sits inside the archive.</summary>
    public static string ArchivePath(MaterialLink m) => $"materials/{m.Id}-{Uri.EscapeDataString(m.FileName ?? "file.pdf")}";
}
