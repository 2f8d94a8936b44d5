using System.Text.Json;
using System.Text.Json.Serialization;
using CoursePortal.Accounts;
using CoursePortal.Api;
using CoursePortal.Data;
using CoursePortal.Health;
using CoursePortal.Hosting;
using CoursePortal.Materials;

if (args is ["healthcheck"])
{
    return await HealthCommand.RunAsync();
}

// The content root is the app's own folder: appsettings.json (copied there from the repository
// root at build) and, in a published app, wwwroot are found whatever the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});

// Logging
builder.AddPortalLogging();

// Static files from the build output too, not only from a published app
builder.WebHost.UseStaticWebAssets();

// Portal services: options, database, file store, queries
builder.Services.AddPortal();

// Accounts: Identity, sign-in cookie, keys, policies
builder.Services.AddPortalAuth();

// Pages (locked by folder) and JSON
builder.Services.AddRazorPages(o =>
{
    o.Conventions.AuthorizeFolder("/Staff", StaffRoles.StaffPolicy);
    o.Conventions.AuthorizeFolder("/Staff/Courses", StaffRoles.CourseStaffPolicy);
    o.Conventions.AuthorizeFolder("/Admin", StaffRoles.AdminPolicy);
    o.Conventions.AuthorizePage("/Account/ChangePassword", StaffRoles.StaffPolicy);
});
builder.Services.AddProblemDetails();
builder.Services.ConfigureHttpJsonOptions(o =>
    o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));

var app = builder.Build();

await app.Services.InitializeDatabaseAsync();
await app.EnsureFirstAdminAsync();

app.UseExceptionHandler("/error");
app.UsePortalRequestLogging();
app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"), site => site.UseStatusCodePagesWithReExecute("/status/{0}"));
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseUploadLimits();

app.MapStaticAssets();
app.MapRazorPages().WithStaticAssets();
app.MapPortalHealth();
app.MapCourseApi();
app.MapMaterialDownloads();

app.LogAddressWhenStarted();
await app.RunAsync();
return 0;

/// <summary>Entry point; public so that tests can host the app.</summary>
public partial class Program;
