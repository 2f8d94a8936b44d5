using CoursePortal.Data;
using CoursePortal.Hosting;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CoursePortal.Accounts;

/// <summary>Identity, the sign-in cookie, data-protection keys and the staff/admin policies.</summary>
public static class AuthSetup
{
    public static IServiceCollection AddPortalAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentActor>();
        services.AddScoped<AccountTokens>();
        services.AddScoped<CourseAccess>();

        services.AddIdentity<PortalUser, IdentityRole>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddSignInManager<PortalSignInManager>()
            .AddClaimsPrincipalFactory<PortalClaims>()
            .AddDefaultTokenProviders();

        // Single sign-on: one OpenID Connect scheme per provider in Portal:Sso:Providers (SsoSetup.cs).
        services.AddPortalSso(configuration);

        // A disabled account or a changed password ends other sessions within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "portal.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            o.SlidingExpiration = true;
            // The security stamp check, then: a session that began with a password ends once passwords are off for its account.
            o.Events.OnValidatePrincipal = async context =>
            {
                await SecurityStampValidator.ValidatePrincipalAsync(context);
                var sso = context.HttpContext.RequestServices.GetRequiredService<IOptions<PortalOptions>>().Value.Sso;
                if (context.Principal?.Identity?.IsAuthenticated == true
                    && !context.Properties.Items.ContainsKey(SsoSetup.SessionProviderItem)
                    && !sso.AllowsPassword(context.Principal.FindFirstValue(ClaimTypes.Email) ?? context.Principal.Identity.Name))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                }
            };
            // Signed in but not allowed: answer 403 with the friendly status page, not a redirect.
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        // The hand-over from a provider's callback to the Sso page: named and Lax like the portal's other cookies, for 5 minutes.
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.ExternalScheme, o =>
        {
            o.Cookie.Name = "portal.external";
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "portal.af";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        // Keys in the data directory: sign-ins survive restarts and container upgrades. With several
        // instances (Portal:Redis set) the key ring lives in Redis, so a cookie or form token made by one
        // instance is read by every other. The application name was always set, to the same value on every
        // instance, so keys and cookies of an existing install stay valid; only a move to Redis starts a new
        // key ring (everyone signs in once more).
        services.AddDataProtection().SetApplicationName("CoursePortal");
        services.AddOptions<KeyManagementOptions>()
            .Configure<PortalPaths, ILoggerFactory, IServiceProvider>((o, paths, logs, sp) =>
                o.XmlRepository = sp.GetService<PortalRedis>() is { } redis
                    ? new RedisXmlRepository(() => redis.Database, redis.Key("data-protection-keys"))
                    : new FileSystemXmlRepository(new DirectoryInfo(paths.KeysDirectory), logs));

        services.AddScoped<IAuthorizationHandler, CourseStaffHandler>();
        services.AddScoped<IAuthorizationHandler, ManagerHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(StaffRoles.StaffPolicy, p => p.RequireAuthenticatedUser())
            .AddPolicy(StaffRoles.CourseStaffPolicy, p => p.RequireAuthenticatedUser().AddRequirements(new CourseStaffRequirement(instructorOnly: false)))
            .AddPolicy(StaffRoles.CourseInstructorPolicy, p => p.RequireAuthenticatedUser().AddRequirements(new CourseStaffRequirement(instructorOnly: true)))
            .AddPolicy(StaffRoles.AdminPolicy, p => p.RequireAuthenticatedUser().RequireRole(StaffRoles.Admin))
            .AddPolicy(StaffRoles.ManagerPolicy, p => p.RequireAuthenticatedUser().AddRequirements(new ManagerRequirement()));
        return services;
    }
}
