using System.ComponentModel.DataAnnotations;

namespace CoursePortal.Hosting;

/// <summary>The <c>Portal</c> section of appsettings.json. Every property can be overridden by an
/// environment variable such as <c>Portal__DataDirectory</c>.</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>Folder for the database, stored files and keys; relative paths start at the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Load the demo course when the database has no course yet.</summary>
    public bool SeedDemo { get; set; } = true;

    /// <summary>The first admin account, made at start when both are set. Leave empty to get a one-time setup link instead.</summary>
    public AdminOptions Admin { get; set; } = new();

    /// <summary>Limits for uploaded files.</summary>
    public UploadOptions Uploads { get; set; } = new();
}

/// <summary><c>Portal:Uploads</c>.</summary>
public sealed class UploadOptions
{
    /// <summary>Largest accepted file, in bytes (default 100 MB). A larger upload is refused with 413 before it is read.</summary>
    [Range(1, long.MaxValue)]
    public long MaxBytes { get; set; } = 100L * 1024 * 1024;
}

/// <summary><c>Portal:Admin</c>: e-mail and password of the admin account ensured at start.</summary>
public sealed class AdminOptions
{
    public string Email { get; set; } = "";

    public string Password { get; set; } = "";
}
