using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Tests.Staff;

/// <summary>Every Razor Page the app has, found through routing, with its handlers: a page added later is covered too.</summary>
public static class StaffPages
{
    public sealed record Page(string ViewPath, string RouteTemplate, IReadOnlyList<string> PostHandlers, bool HasGet);

    public static async Task<IReadOnlyList<Page>> AllAsync(IServiceProvider services)
    {
        var loader = services.GetRequiredService<PageLoader>();
        var pages = new List<Page>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var descriptor = endpoint.Metadata.GetMetadata<PageActionDescriptor>();
            if (descriptor is null || descriptor is CompiledPageActionDescriptor && pages.Any(p => p.ViewPath == descriptor.ViewEnginePath))
            {
                continue;
            }

            var compiled = descriptor as CompiledPageActionDescriptor ?? await loader.LoadAsync(descriptor, endpoint.Metadata);
            var posts = compiled.HandlerMethods
                .Where(h => string.Equals(h.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase))
                .Select(h => h.Name ?? "")
                .Distinct()
                .ToList();
            var hasGet = compiled.HandlerMethods.Count == 0
                || compiled.HandlerMethods.Any(h => string.Equals(h.HttpMethod, "GET", StringComparison.OrdinalIgnoreCase));
            if (pages.All(p => p.ViewPath != descriptor.ViewEnginePath))
            {
                pages.Add(new Page(descriptor.ViewEnginePath, endpoint.RoutePattern.RawText ?? "", posts, hasGet));
            }
        }

        return pages;
    }

    /// <summary>Fills a route template: every <c>{courseId}</c> with the course, other ids with the given values.</summary>
    public static string Url(Page page, int courseId, IReadOnlyDictionary<string, int> ids, string? handler = null)
    {
        var path = "/" + page.RouteTemplate.TrimStart('/');
        foreach (var segment in System.Text.RegularExpressions.Regex.Matches(path, @"\{([a-zA-Z]+)(:[^}]*)?\??\}").Cast<System.Text.RegularExpressions.Match>().Reverse())
        {
            var name = segment.Groups[1].Value;
            var optional = segment.Value.EndsWith("?}", StringComparison.Ordinal);
            var value = name == "courseId" ? courseId.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : ids.TryGetValue(name, out var id) ? id.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : optional ? ""
                : "1";
            path = path.Remove(segment.Index, segment.Length).Insert(segment.Index, value);
        }

        path = path.TrimEnd('/');
        if (path.Length == 0)
        {
            path = "/";
        }

        return handler is null or "" ? path : $"{path}?handler={handler}";
    }
}
