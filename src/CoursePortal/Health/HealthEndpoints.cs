namespace CoursePortal.Health;

/// <summary><c>/healthz</c>: the process answers.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapPortalHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Text("ok"));
        return app;
    }
}
