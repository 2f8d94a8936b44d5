using System.Text.Json;
using System.Text.Json.Serialization;
using CoursePortal.Accounts;
using CoursePortal.Api;
using CoursePortal.Backups;
using CoursePortal.Caching;
using CoursePortal.Calendar;
using CoursePortal.Data;
using CoursePortal.Health;
using CoursePortal.Hosting;
using CoursePortal.Materials;
using CoursePortal.Moving;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

if (args is ["healthcheck"])
{
    return await HealthCommand.RunAsync();
}

try
{
    // The content root is the app's own folder: appsettings.json (copied there from the repository
    // root at build) and, in a published app, wwwroot are found whatever the working directory.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions
    {
        Args = BackupCommand.IsCommand(args) || MoveUpCommand.IsCommand(args) ? [] : args,
        ContentRootPath = AppContext.BaseDirectory,
    });

    // Logging
    builder.AddPortalLogging();

    // Static files from the build output too, not only from a published app
    builder.WebHost.UseStaticWebAssets();

    // Portal services: options, database, file store, queries, backups
    builder.Services.AddPortal();
    builder.Services.AddPortalProxy();
    builder.Services.AddPortalHealth();

    // Several instances: shared state in Redis when Portal:Redis is set (Hosting/PortalRedis.cs)
    builder.Services.AddPortalRedis(builder.Configuration);

    // Accounts: Identity, single sign-on, sign-in cookie, keys, policies
    builder.Services.AddPortalAuth(builder.Configuration);

    // Pages (locked by folder; which course pages TAs may use: Accounts/CourseRights.cs) and JSON
    builder.Services.AddRazorPages(o =>
    {
        o.Conventions.ConfigureFilter(new UnknownHandlerFilter());
        o.Conventions.ConfigureFilter(new RefusedFormFilter());
        o.Conventions.AuthorizeFolder("/Staff", StaffRoles.StaffPolicy);
        o.Conventions.AuthorizeCoursePages();
        o.Conventions.AuthorizeFolder("/Admin", StaffRoles.AdminPolicy);
        o.Conventions.AuthorizeFolder("/Manage", StaffRoles.ManagerPolicy);
        o.Conventions.AuthorizePage("/Account/Index", StaffRoles.StaffPolicy);
        o.Conventions.AuthorizePage("/Account/ChangePassword", StaffRoles.StaffPolicy);
        o.Conventions.AddPageApplicationModelConvention("/Account/Login", page => page.EndpointMetadata.Add(new EnableRateLimitingAttribute(RateLimits.SignInPolicy)));
        o.Conventions.AddPageApplicationModelConvention("/Staff/Courses/Materials/Upload", page => page.EndpointMetadata.Add(new EnableRateLimitingAttribute(RateLimits.UploadPolicy)));
    }).AddMvcOptions(o => o.AddPortalFormRules());
    builder.Services.AddPortalRateLimits();
    builder.Services.AddPublicCache();
    builder.Services.AddProblemDetails();
    builder.Services.ConfigureHttpJsonOptions(o =>
        o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));

    // Requests in flight (uploads included) get this long to finish when the container stops.
    builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(25));

    await using var app = builder.Build();

    // Checks every setting now, so a bad one stops the start with its message.
    _ = app.Services.GetRequiredService<IOptions<PortalOptions>>().Value;

    // `backup FILE` and `restore FILE` run against the data directory and exit.
    if (BackupCommand.IsCommand(args))
    {
        return await BackupCommand.RunAsync(app.Services, args);
    }

    // `move-up DIRECTORY` moves a single-box portal into the configured PostgreSQL and file store, verifies it and exits.
    if (MoveUpCommand.IsCommand(args))
    {
        return await MoveUpCommand.RunAsync(app.Services, args);
    }

    // Redis, when set, answers now or the start stops with what to fix.
    app.Services.ConnectRedis();

    // Schema, demo data and first admin, before the portal listens.
    if (!await app.PrepareAsync())
    {
        return 0;
    }

    app.UsePortalProxy();
    app.UseSecurityHeaders();
    app.UseExceptionHandler("/error");
    app.UsePortalRequestLogging();
    app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
    app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"), site => site.UseStatusCodePagesWithReExecute("/status/{0}"));
    app.UseRouting();
    app.UseProviderCallbackLimits();
    app.UseAuthentication();
    app.UseAuthorization();
    app.UseRateLimiter();
    app.UsePublicCache();
    app.UseUploadLimits();

    app.MapStaticAssets();
    app.MapRazorPages().WithStaticAssets();
    app.MapPortalHealth();
    app.MapCourseApi();
    app.MapMaterialDownloads();
    app.MapCourseFeeds();

    await app.StartAsync();
    app.LogAddresses();
    await app.WaitForShutdownAsync();
    return 0;
}
catch (OptionsValidationException e)
{
    // A configuration mistake: say what to change, without a stack trace.
    await Console.Error.WriteLineAsync("Course Portal cannot start; fix these settings (appsettings.json or environment variables):");
    foreach (var failure in e.Failures)
    {
        await Console.Error.WriteLineAsync($"  - {failure}");
    }

    return 2;
}
catch (PortalRedis.UnreachableException e)
{
    await Console.Error.WriteLineAsync($"Course Portal cannot start: {e.Message}");
    await Console.Error.WriteLineAsync("Start Redis (or check the host, port and password in Portal:Redis), or leave Portal:Redis empty to run a single instance.");
    return 4;
}
catch (Microsoft.Data.Sqlite.SqliteException e)
{
    await Console.Error.WriteLineAsync($"Course Portal cannot start: its database could not be opened or upgraded ({e.Message}).");
    await Console.Error.WriteLineAsync("Check that Portal:DataDirectory points at this portal's data, or restore a backup into an empty data directory.");
    return 3;
}

catch (Npgsql.NpgsqlException e)
{
    // Unreachable server, wrong password, missing database: the message names it (never the password).
    await Console.Error.WriteLineAsync($"Course Portal cannot start: its PostgreSQL database could not be reached or upgraded ({e.Message}).");
    await Console.Error.WriteLineAsync("Check ConnectionStrings:Portal (ConnectionStrings__Portal): host, port, database, user and password, and that the server accepts connections from here.");
    return 3;
}

/// <summary>Entry point; public so that tests can host the app.</summary>
public partial class Program;
