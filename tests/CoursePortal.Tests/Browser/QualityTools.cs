namespace CoursePortal.Tests.Browser;

/// <summary>
/// The npm tools the quality tests load (axe-core, vnu-jar; installed by .ci/run from package.json)
/// and Java for the Nu HTML Checker. Missing tools skip the tests locally and fail them under CI=true.
/// </summary>
public static class QualityTools
{
    public static string? AxeScript => Find(Path.Combine("node_modules", "axe-core", "axe.min.js"));

    public static string? VnuJar => Find(Path.Combine("node_modules", "vnu-jar", "build", "dist", "vnu.jar"));

    public static string? Java => new[] { Environment.GetEnvironmentVariable("JAVA_HOME") is { Length: > 0 } home ? Path.Combine(home, "bin", "java") : null, "/usr/bin/java" }
        .FirstOrDefault(p => p is not null && File.Exists(p));

    /// <summary>Skips (or, under CI, fails) when <paramref name="path"/> is missing.</summary>
    public static string Require(string? path, string what)
    {
        if (path is not null)
        {
            return path;
        }

        var reason = $"{what} is not installed: run `npm install --no-package-lock` in tests/CoursePortal.Tests (and install Java for the HTML checker), or run .ci/run.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(reason);
        }

        Skip.If(true, reason);
        return "";
    }

    private static string? Find(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, relative), Path.Combine(dir.FullName, "tests", "CoursePortal.Tests", relative) })
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
