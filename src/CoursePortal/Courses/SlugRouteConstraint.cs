using System.Globalization;

namespace CoursePortal.Courses;

/// <summary>
/// <c>{slug:slug}</c> in a route: a course address as <see cref="CourseRules.SlugPattern"/> defines it,
/// so every route and every form accept the same slugs (addresses in any case, as before).
/// </summary>
public sealed class SlugRouteConstraint : IRouteConstraint
{
    public const string Name = "slug";

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        values.TryGetValue(routeKey, out var value)
        && Convert.ToString(value, CultureInfo.InvariantCulture) is { } slug
        && CourseRules.IsSlugShaped(slug.ToLowerInvariant());
}
