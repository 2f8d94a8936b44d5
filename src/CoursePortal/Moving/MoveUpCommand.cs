using System.Globalization;
using CoursePortal.Hosting;
using CoursePortal.Materials;
using Microsoft.Extensions.Options;

namespace CoursePortal.Moving;

/// <summary>
/// <c>CoursePortal move-up OLD_DATA_DIRECTORY</c>, run with the new setup's settings (PostgreSQL, and S3 or another
/// data directory): moves the single-box portal in that directory there and verifies the result (<see cref="PortalMove"/>).
/// </summary>
public static class MoveUpCommand
{
    public static bool IsCommand(string[] args) => args is ["move-up", _];

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var move = new PortalMove(
            services,
            services.GetRequiredService<IOptions<PortalOptions>>(),
            services.GetRequiredService<PortalPaths>(),
            services.GetRequiredService<IFileStore>(),
            services.GetRequiredService<TimeProvider>());
        try
        {
            var report = await move.RunAsync(args[1], Console.Out, CancellationToken.None);
            Print(report);
            return 0;
        }
        catch (MoveVerificationException e)
        {
            await Console.Error.WriteLineAsync($"move-up failed: {e.Message}");
            return 4;
        }
        catch (MoveException e)
        {
            await Console.Error.WriteLineAsync($"move-up refused: {e.Message}");
            return 1;
        }
        catch (Npgsql.NpgsqlException e)
        {
            // The message names the server or the failing statement, never the password.
            await Console.Error.WriteLineAsync($"move-up failed on the target database ({e.Message}); nothing was kept in it. Check ConnectionStrings__Portal.");
            return 3;
        }
        catch (Amazon.Runtime.AmazonServiceException e)
        {
            await Console.Error.WriteLineAsync($"move-up failed on the target file store ({e.ErrorCode}: {e.Message}); nothing was kept in the database. Check Portal__Storage__S3__….");
            return 3;
        }
    }

    private static void Print(MoveReport report)
    {
        var width = report.Tables.Max(t => t.Table.Length);
        Console.WriteLine($"Moved the portal in {report.Source} to the {report.Database} and {report.Store}.");
        foreach (var table in report.Tables)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {table.Table.PadRight(width)}  {table.Rows,8} rows  sha256 {table.ContentHash[..16]}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Verified: {report.Tables.Count} tables, {report.Tables.Sum(t => t.Rows)} rows (row counts and content hashes equal in the source and the target), "
            + $"{report.Files} files, {report.Bytes} bytes (each read back from the target and its SHA-256 checked)."));
        Console.WriteLine("Passwords, roles and invitation links work as before, but everyone signed in must sign in again: sign-in cookies were "
            + "protected with the old box's keys (its keys folder), which the new setup does not use.");
        Console.WriteLine("Done. Start the portal with these settings; the old data directory was not changed and can be kept as a fallback.");
    }
}
