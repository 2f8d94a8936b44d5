using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using CoursePortal.Courses;
using CoursePortal.Markdown;

namespace CoursePortal.Calendar;

/// <summary>
/// The course's Atom feed (System.ServiceModel.Syndication), newest first: announcements, released materials,
/// released coursework and, while the "changed" marker lives, due times and rooms changed after release.
/// </summary>
public static class CourseFeed
{
    public static string Write(CoursePage page, string siteRoot, MarkdownRenderer markdown)
    {
        var course = page.Course;
        var coursePage = siteRoot + course.Slug;
        var items = new List<SyndicationItem>();
        // A feed reader resolves a relative link against the feed, not the course page the text was written for.
        var pageUri = new Uri(coursePage);
        string LinkFromPage(string url) => CourseLinks.Resolve(pageUri, url);
        foreach (var a in page.Announcements)
        {
            var item = new SyndicationItem(Clean(a.Title), SyndicationContent.CreateHtmlContent(Clean(markdown.Render(a.BodyMarkdown, LinkFromPage))), new Uri($"{coursePage}#announcement-{a.Id}"),
                $"urn:course-portal:{course.Slug}:announcement:{a.Id}", new DateTimeOffset(a.UpdatedAt > a.PublishAt!.Value ? a.UpdatedAt : a.PublishAt.Value, TimeSpan.Zero))
            {
                PublishDate = new DateTimeOffset(a.PublishAt.Value, TimeSpan.Zero),
            };
            items.Add(item);
        }

        foreach (var entry in page.Coursework)
        {
            var work = entry.Item;
            var url = new Uri($"{coursePage}#{entry.Anchor}");
            var when = System.Net.WebUtility.HtmlEncode(Formats.CourseworkWhenWithDate(work));
            var released = new DateTimeOffset(work.ReleaseAt ?? work.CreatedAt, TimeSpan.Zero);
            items.Add(new SyndicationItem($"{Clean(work.Kind)}: {Clean(work.Title)} ({Formats.CourseworkWhenWithDate(work)})",
                SyndicationContent.CreateHtmlContent(Clean($"<p>{when}</p>" + markdown.Render(work.DescriptionMarkdown, LinkFromPage))),
                url, $"urn:course-portal:{course.Slug}:coursework:{work.Id}", released)
            {
                PublishDate = released,
            });

            if (entry.Change is { } change)
            {
                var changedAt = new DateTimeOffset(work.ChangedAt!.Value, TimeSpan.Zero);
                var text = $"{Formats.CourseworkWhenWithDate(work)}; {Formats.CourseworkWas(change)}";
                items.Add(new SyndicationItem($"Changed: {Clean(work.Title)} ({text})",
                    SyndicationContent.CreateHtmlContent(Clean($"<p>{System.Net.WebUtility.HtmlEncode(text)}</p>")),
                    url, $"urn:course-portal:{course.Slug}:coursework:{work.Id}:change:{work.Sequence}", changedAt)
                {
                    PublishDate = changedAt,
                });
            }
        }

        var forItem = page.Coursework.SelectMany(e => e.Materials.Select(m => (m.Id, e.Item.Title))).ToDictionary(x => x.Id, x => x.Title);
        foreach (var (material, row) in page.Rows.SelectMany(r => r.Materials.Select(m => (m, (ScheduleRow?)r)))
                     .Concat(page.CourseMaterials.Select(m => (m, (ScheduleRow?)null)))
                     .Concat(page.Coursework.SelectMany(e => e.Materials).Select(m => (m, (ScheduleRow?)null))))
        {
            var url = material.IsExternal ? material.Href : siteRoot + material.Href;
            var where = row is { Number: { } n } ? $" for lecture {n} ({Clean(row.Lecture!.Topic)})"
                : forItem.TryGetValue(material.Id, out var itemTitle) ? $" for {Clean(itemTitle)}" : "";
            var released = new DateTimeOffset(material.ReleasedAt, TimeSpan.Zero);
            var item = new SyndicationItem($"New material: {Clean(material.Title)}{where}",
                SyndicationContent.CreateHtmlContent(Clean($"<p><a href=\"{System.Net.WebUtility.HtmlEncode(url)}\">{System.Net.WebUtility.HtmlEncode(material.Text)}</a></p>")),
                new Uri(url), $"urn:course-portal:{course.Slug}:material:{material.Id}", released)
            {
                PublishDate = released,
            };
            items.Add(item);
        }

        var updated = items.Count == 0 ? new DateTimeOffset(course.UpdatedAt, TimeSpan.Zero) : items.Max(i => i.LastUpdatedTime);
        var feed = new SyndicationFeed(Clean($"{course.Code} {course.Title} ({course.TermName})"), Clean($"Announcements, new materials and coursework of {course.Code}"),
            new Uri(coursePage), $"urn:course-portal:{course.Slug}", updated, items.OrderByDescending(i => i.PublishDate).Take(100));
        feed.Links.Add(new SyndicationLink(new Uri($"{coursePage}/feed.atom"), "self", null, "application/atom+xml", 0));

        var output = new StringBuilder();
        using (var writer = XmlWriter.Create(output, new XmlWriterSettings { Encoding = Encoding.UTF8, Indent = true, Async = false }))
        {
            new Atom10FeedFormatter(feed).WriteTo(writer);
        }

        return output.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    /// <summary>XML cannot hold some characters that older data may still have; they are left out rather than breaking the feed.</summary>
    private static string Clean(string? text) => Editing.TextRules.Clean(text);
}
