using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CoursePortal.Tests.Infrastructure;

/// <summary>
/// Runs the built portal as an admin would (<c>dotnet CoursePortal.dll …</c>), with settings as
/// environment variables, to test what only the real process shows: exit codes, console output, CLI commands.
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly List<string> output = [];
    private readonly List<string> errors = [];

    private PortalProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.Add(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (errors) { errors.Add(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output { get { lock (output) { return string.Join('\n', output); } } }

    public string Errors { get { lock (errors) { return string.Join('\n', errors); } } }

    public static PortalProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CoursePortal.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return new PortalProcess(Process.Start(info)!);
    }

    /// <summary>Runs a command to its end; returns the exit code.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        await using var run = Start(environment, args);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await run.process.WaitForExitAsync(timeout.Token);
        run.process.WaitForExit(); // flushes the redirected streams
        return (run.process.ExitCode, run.Output, run.Errors);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until <paramref name="url"/> answers 200 (the portal listens once its start-up work is done).</summary>
    public async Task WaitUntilAnsweringAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        for (var i = 0; i < 120 && !process.HasExited; i++)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(url));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
                // The client's timeout: try again.
            }

            await Task.Delay(250);
        }

        throw new InvalidOperationException($"{url} never answered. Output:\n{Output}\nErrors:\n{Errors}");
    }

    /// <summary>Waits until the portal has written <paramref name="text"/> to its console.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        if (!await Eventually.TrueAsync(() => Output.Contains(text, StringComparison.Ordinal) || process.HasExited, timeout)
            || !Output.Contains(text, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The portal never wrote “{text}”. Output:\n{Output}\nErrors:\n{Errors}");
        }
    }

    /// <summary>Asks the portal to stop as <c>docker stop</c> does (SIGTERM); returns its exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await process.WaitForExitAsync().WaitAsync(timeout);
        return process.ExitCode;
    }

    private bool disposed;

    /// <summary>Kills the process if it still runs; a second call does nothing (a test may kill it early).</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
