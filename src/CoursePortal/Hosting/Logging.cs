using Serilog;

namespace CoursePortal.Hosting;

/// <summary>Serilog, configured from the <c>Serilog</c> section of appsettings.json.</summary>
public static class Logging
{
    public static WebApplicationBuilder AddPortalLogging(this WebApplicationBuilder builder)
    {
        // Serilog writes the console; writeToProviders lets a provider added later (a test's) see every event too.
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog(writeToProviders: true, configureLogger: (services, log) => log
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture));
        return builder;
    }

    /// <summary>One line per request with method, path, status and duration.</summary>
    public static IApplicationBuilder UsePortalRequestLogging(this IApplicationBuilder app) =>
        app.UseSerilogRequestLogging();
}
