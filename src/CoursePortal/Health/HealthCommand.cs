namespace CoursePortal.Health;

/// <summary>
/// <c>CoursePortal healthcheck</c>: asks the running portal's <c>/healthz</c> and exits 0
/// when it answers 200. Container images without curl or wget use it as their HEALTHCHECK.
/// </summary>
public static class HealthCommand
{
    public static async Task<int> RunAsync()
    {
        var port = Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS")?.Split([',', ';'])[0] ?? "8080";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(4) };
        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"healthcheck: {e.Message}");
            return 1;
        }
    }
}
