using CoursePortal.Data;
using CoursePortal.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CoursePortal.Accounts;

/// <summary>
/// Makes sure someone can sign in: the admin from <c>Portal:Admin</c> when it is set, otherwise a
/// one-time setup link (24 h, single use) logged at start while no admin exists. There is no default password.
/// </summary>
public static class FirstAdmin
{
    public static async Task EnsureFirstAdminAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(StaffRoles.Admin))
        {
            await roles.CreateAsync(new IdentityRole(StaffRoles.Admin));
        }

        var users = services.GetRequiredService<UserManager<PortalUser>>();
        var admin = services.GetRequiredService<IOptions<PortalOptions>>().Value.Admin;
        if (!string.IsNullOrWhiteSpace(admin.Email) && !string.IsNullOrEmpty(admin.Password))
        {
            await EnsureConfiguredAdminAsync(users, admin.Email.Trim(), admin.Password, services.GetRequiredService<TimeProvider>(), app.Logger);
            return;
        }

        if ((await users.GetUsersInRoleAsync(StaffRoles.Admin)).Count > 0)
        {
            return;
        }

        // A new link at every start while no admin exists; earlier ones stop working.
        var db = services.GetRequiredService<PortalDbContext>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        await db.AccountTokens.Where(t => t.Purpose == AccountTokenPurpose.Setup && t.UsedAt == null)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.RevokedAt, now), cancellationToken);
        var raw = await services.GetRequiredService<AccountTokens>()
            .IssueAsync(new AccountToken { TokenHash = "", Purpose = AccountTokenPurpose.Setup }, AccountTokens.SetupLifetime, cancellationToken);

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? "http://localhost:8080";
            address = StartupMessage.Browsable(address);
            app.Logger.LogWarning(
                "No admin account exists yet. Create it within 24 hours with this one-time link: {SetupLink}",
                $"{address.TrimEnd('/')}/{AccountTokens.SetupPath(raw)}");
        });
    }

    private static async Task EnsureConfiguredAdminAsync(UserManager<PortalUser> users, string email, string password, TimeProvider clock, ILogger logger)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Administrator", CreatedAt = clock.GetUtcNow().UtcDateTime };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                throw new OptionsValidationException(nameof(PortalOptions.Admin), typeof(PortalOptions),
                    [$"Portal:Admin could not create the admin account: {string.Join(" ", created.Errors.Select(e => e.Description))}"]);
            }

            logger.LogInformation("Created the admin account {Email} from Portal:Admin", email);
        }

        if (!await users.IsInRoleAsync(user, StaffRoles.Admin))
        {
            await users.AddToRoleAsync(user, StaffRoles.Admin);
        }
    }
}
