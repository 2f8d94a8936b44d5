using System.Security.Cryptography;
using System.Text;
using CoursePortal.Api;
using CoursePortal.Caching;
using CoursePortal.Courses;
using CoursePortal.Markdown;
using Microsoft.Net.Http.Headers;

namespace CoursePortal.Calendar;

/// <summary><c>/{slug}/calendar.ics</c> and <c>/{slug}/feed.atom</c>, with ETags so polling clients get 304s.</summary>
public static class CalendarEndpoints
{
    private const string Slug = "{slug:" + SlugRouteConstraint.Name + "}";

    public static IEndpointRouteBuilder MapCourseFeeds(this IEndpointRouteBuilder app)
    {
        app.MapGet($"/{Slug}/calendar.ics", async (string slug, bool? download, CourseQueries queries, PublicCache cache, HttpContext context, CancellationToken cancellationToken) =>
        {
            var page = await queries.GetPublicPageAsync(slug, cancellationToken);
            if (page is null)
            {
                return Results.NotFound();
            }

            cache.CacheCourse(context, page);

            if (download == true)
            {
                context.Response.Headers.ContentDisposition = $"attachment; filename=\"{page.Course.Slug}.ics\"";
            }

            return Text(context, CourseCalendar.Write(page, CourseApi.SiteRoot(context.Request)), "text/calendar; charset=utf-8");
        }).CacheOutput(PublicCache.Policy);

        app.MapGet($"/{Slug}/feed.atom", async (string slug, CourseQueries queries, PublicCache cache, MarkdownRenderer markdown, HttpContext context, CancellationToken cancellationToken) =>
        {
            var page = await queries.GetPublicPageAsync(slug, cancellationToken);
            if (page is null)
            {
                return Results.NotFound();
            }

            cache.CacheCourse(context, page);
            return Text(context, CourseFeed.Write(page, CourseApi.SiteRoot(context.Request), markdown), "application/atom+xml; charset=utf-8");
        }).CacheOutput(PublicCache.Policy);

        return app;
    }

    /// <summary>Answers 304 when the client has this exact content already.</summary>
    private static IResult Text(HttpContext context, string body, string contentType)
    {
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)))[..32]}\"");
        context.Response.Headers.ETag = etag.ToString();
        context.Response.Headers.CacheControl = "public, no-cache";
        var sent = context.Request.GetTypedHeaders().IfNoneMatch;
        return sent.Any(t => t.Compare(etag, useStrongComparison: false) || t.Equals(EntityTagHeaderValue.Any))
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Text(body, contentType, Encoding.UTF8);
    }
}
