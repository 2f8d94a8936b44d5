using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace CoursePortal.Hosting;

/// <summary>
/// Serilog: levels from the <c>Serilog</c> section; readable text or compact JSON on the console
/// (<c>Portal:Logging:Json</c>) and, if asked, a daily rolling file in the data directory.
/// </summary>
public static class Logging
{
    /// <summary>
    /// The sinks a <c>Serilog</c> section may name (console and file; Serilog's own enrichers come with it).
    /// Naming them spares Serilog a search through every assembly in the app's folder at start.
    /// </summary>
    private static readonly Serilog.Settings.Configuration.ConfigurationReaderOptions SettingsReader = new(
        typeof(ConsoleLoggerConfigurationExtensions).Assembly, typeof(FileLoggerConfigurationExtensions).Assembly);

    private const string TextTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}";

    public static WebApplicationBuilder AddPortalLogging(this WebApplicationBuilder builder)
    {
        // Serilog writes the console; writeToProviders lets a provider added later (a test's) see every event too.
        builder.Logging.ClearProviders();
        // preserveStaticLogger: each host has its own logger (tests run several at once), none writes the static Log.
        builder.Services.AddSerilog(preserveStaticLogger: true, writeToProviders: true, configureLogger: (services, log) =>
        {
            var options = services.GetRequiredService<IOptions<PortalOptions>>().Value.Logging;
            log.ReadFrom.Configuration(builder.Configuration, SettingsReader)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext();
            var culture = System.Globalization.CultureInfo.InvariantCulture;
            if (options.Json)
            {
                log.WriteTo.Console(new RenderedCompactJsonFormatter());
            }
            else
            {
                log.WriteTo.Console(outputTemplate: TextTemplate, formatProvider: culture);
            }

            if (options.File)
            {
                var path = Path.Combine(services.GetRequiredService<PortalPaths>().DataDirectory, "logs", "portal-.log");
                var formatter = options.Json
                    ? (Serilog.Formatting.ITextFormatter)new RenderedCompactJsonFormatter()
                    : new MessageTemplateTextFormatter("{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {Message:lj}{NewLine}{Exception}", culture);
                log.WriteTo.File(formatter, path, rollingInterval: RollingInterval.Day, retainedFileCountLimit: options.RetainedFiles);
            }
        });
        return builder;
    }

    /// <summary>Logged instead of a status when the client left before the response was complete (as nginx logs it).</summary>
    public const int ClientClosedRequest = 499;

    private const string ClientLeftKey = "CoursePortal.ClientLeft";

    /// <summary>
    /// One line per request with method, path (never the query string), status and duration; health probes
    /// left out. A client that leaves mid-request (an impatient phone) is logged as 499 at Information, not
    /// as a 500 with a stack trace: no 500 was sent, and an alert on server errors must not fire for it.
    /// </summary>
    public static IApplicationBuilder UsePortalRequestLogging(this IApplicationBuilder app)
    {
        app.UseSerilogRequestLogging(o =>
        {
            o.Logger = app.ApplicationServices.GetRequiredService<Serilog.ILogger>();
            o.GetLevel = (context, _, error) =>
                context.Request.Path.StartsWithSegments("/healthz") || context.Request.Path.StartsWithSegments("/readyz") ? LogEventLevel.Verbose
                : ClientLeft(context) ? LogEventLevel.Information
                : error is not null || context.Response.StatusCode >= 500 ? LogEventLevel.Error
                : LogEventLevel.Information;
            o.GetMessageTemplateProperties = (context, path, elapsed, status) =>
            [
                new LogEventProperty("RequestMethod", new ScalarValue(context.Request.Method)),
                new LogEventProperty("RequestPath", new ScalarValue(path)),
                new LogEventProperty("StatusCode", new ScalarValue(ClientLeft(context) ? ClientClosedRequest : status)),
                new LogEventProperty("Elapsed", new ScalarValue(elapsed)),
            ];
        });

        // What a departed client's request throws (its cancelled reads and writes) ends here, quietly.
        return app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
            {
                context.Items[ClientLeftKey] = true;
            }
        });
    }

    /// <summary>The client left, and the server had not failed first (a 500 it answered stays an error).</summary>
    private static bool ClientLeft(HttpContext context) =>
        context.Items.ContainsKey(ClientLeftKey) || (context.RequestAborted.IsCancellationRequested && context.Response.StatusCode < 500);
}
