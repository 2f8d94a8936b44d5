namespace CoursePortal.Hosting;

/// <summary>
/// Headers every response carries. Scripts come only from the site's own files (no inline script,
/// no eval), and no page may be framed.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// The pages' policy. <paramref name="formOrigins"/> are the single sign-on providers' origins: a sign-in or sign-out
    /// form posts to the portal, which redirects to the provider, and <c>form-action</c> governs that redirect too.
    /// </summary>
    public static string ContentSecurityPolicy(string formOrigins = "") =>
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        $"object-src 'none'; base-uri 'none'; form-action 'self'{(formOrigins.Length > 0 ? " " + formOrigins : "")}; frame-ancestors 'none'";

    /// <summary>
    /// The static archive's own policy, sent as a meta element since its files open from disk or any
    /// server: its stylesheet and nothing else, so an archived page loads nothing from anywhere.
    /// (A meta policy cannot forbid framing; a server that hosts the archive can send that header.)
    /// </summary>
    public const string ArchivePolicy = "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'";

    /// <summary>A PDF is shown by the browser's own viewer, which a document policy would block; it still may not be framed.</summary>
    public const string FilePolicy = "frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var pagePolicy = ContentSecurityPolicy(app.ApplicationServices.GetRequiredService<Accounts.SsoProviders>().FormOrigins);
        return app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            var isFile = context.Response.ContentType?.StartsWith("application/pdf", StringComparison.OrdinalIgnoreCase) == true;
            headers.ContentSecurityPolicy = isFile ? FilePolicy : pagePolicy;
            return Task.CompletedTask;
        });
        return next(context);
    });
    }
}
