namespace CoursePortal.Backups;

/// <summary>
/// <c>CoursePortal backup FILE</c> (safe while the portal runs) and
/// <c>CoursePortal restore FILE [--replace]</c> (with the portal stopped).
/// </summary>
public static class BackupCommand
{
    public static bool IsCommand(string[] args) => args is ["backup", _] or ["restore", _] or ["restore", _, "--replace"];

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var archive = services.GetRequiredService<BackupArchive>();
        var path = Path.GetFullPath(args[1]);
        try
        {
            if (args[0] == "backup")
            {
                var made = await archive.CreateAsync(path, CancellationToken.None);
                Console.WriteLine($"Backup written to {path}: the database and {made.Files.Count} files.");
            }
            else
            {
                var restored = await archive.RestoreAsync(path, replace: args.Length == 3, CancellationToken.None);
                Console.WriteLine($"Restored the backup of {restored.CreatedAt:yyyy-MM-dd HH:mm} UTC ({restored.Files.Count} files). Start the portal to use it.");
            }

            return 0;
        }
        catch (BackupException e)
        {
            await Console.Error.WriteLineAsync($"{args[0]} failed: {e.Message}");
            return 1;
        }
    }
}
