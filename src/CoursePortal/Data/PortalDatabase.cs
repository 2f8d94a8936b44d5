using CoursePortal.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CoursePortal.Data;

/// <summary>Registers the database of the configured provider as <see cref="PortalDbContext"/>.</summary>
public static class PortalDatabase
{
    public static IServiceCollection AddPortalDatabase(this IServiceCollection services)
    {
        // Both are registered; the settings decide at first use which one every PortalDbContext consumer gets.
        services.AddDbContext<SqlitePortalDbContext>((sp, options) =>
            options.UseSqlite(sp.GetRequiredService<PortalPaths>().ConnectionString));
        services.AddDbContext<PostgresPortalDbContext>((sp, options) =>
            options.UseNpgsql(sp.GetRequiredService<IOptions<PortalOptions>>().Value.Database.ConnectionString));
        services.AddScoped<PortalDbContext>(sp => sp.GetRequiredService<IOptions<PortalOptions>>().Value.Database.IsPostgreSql
            ? sp.GetRequiredService<PostgresPortalDbContext>()
            : sp.GetRequiredService<SqlitePortalDbContext>());
        return services;
    }
}
