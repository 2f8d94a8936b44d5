using Microsoft.Extensions.Options;

namespace CoursePortal.Hosting;

/// <summary>Where the portal keeps its state, all under one data directory.</summary>
public sealed class PortalPaths
{
    public PortalPaths(IOptions<PortalOptions> options)
    {
        DataDirectory = Path.GetFullPath(options.Value.DataDirectory);
    }

    public string DataDirectory { get; }
    public string DatabaseFile => Path.Combine(DataDirectory, "portal.db");
    public string FilesDirectory => Path.Combine(DataDirectory, "files");
    public string TempDirectory => Path.Combine(DataDirectory, "tmp");
    public string KeysDirectory => Path.Combine(DataDirectory, "keys");

    public string ConnectionString => $"Data Source={DatabaseFile};Foreign Keys=True";
}
