using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Demo;
using CoursePortal.Markdown;
using CoursePortal.Materials;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CoursePortal.Hosting;

/// <summary>The portal's own services, registered in one place.</summary>
public static class PortalServices
{
    public static IServiceCollection AddPortal(this IServiceCollection services)
    {
        services.AddOptions<PortalOptions>()
            .BindConfiguration(PortalOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) => options.Database.ConnectionString = configuration.GetConnectionString("Portal") ?? "")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PortalOptions>, PortalOptionsValidator>();
        services.AddSingleton<PortalPaths>();
        services.Configure<RouteOptions>(o => o.ConstraintMap[SlugRouteConstraint.Name] = typeof(SlugRouteConstraint));
        services.AddSingleton(TimeProvider.System);

        services.AddPortalDatabase();

        services.AddPortalStorage();
        services.AddOptions<Microsoft.AspNetCore.Http.Features.FormOptions>()
            .Configure<IOptions<PortalOptions>>((form, portal) => form.MultipartBodyLengthLimit = portal.Value.Uploads.MaxBytes + UploadLimits.Overhead);
        services.AddSingleton<MarkdownRenderer>();
        services.AddScoped<CourseQueries>();
        services.AddScoped<Search.SearchQueries>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<Audit.AuditLog>();
        services.AddScoped<Editing.ScheduleEditor>();
        services.AddScoped<StoredFileCleanup>();
        services.AddHostedService<StoredFileSweep>();
        services.AddScoped<MaterialUploads>();
        services.AddSingleton<Backups.BackupArchive>();
        services.AddScoped<Archive.ViewRenderer>();
        services.AddScoped<Archive.StaticArchive>();
        services.AddScoped<Archive.CourseExport>();
        services.AddScoped<Provisioning.RegistrarImport>();
        services.AddSingleton<Provisioning.RegistrarWakeup>();
        services.AddHostedService<Provisioning.RegistrarRuns>();
        return services;
    }
}
