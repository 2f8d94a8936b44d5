using System.Net.Http.Headers;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Tests.Operations;

/// <summary>The portal on a real Kestrel port, so a dropped connection is a real one.</summary>
public sealed class KestrelApplication : PortalApplication
{
    public KestrelApplication()
    {
        UseKestrel(0);
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        ClientOptions.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }
}

/// <summary>An upload cut off half-way (a dropped connection, a stopping server) leaves no file and no row.</summary>
public sealed class ShutdownTests(KestrelApplication app) : IClassFixture<KestrelApplication>
{
    [Fact]
    public async Task An_upload_cut_off_half_way_leaves_no_temporary_file_and_no_row()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        await app.CreateUserAsync("cutoff@example.edu", courseId: courseId);
        // A real socket client: the server must see a real connection drop.
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new System.Net.CookieContainer() })
        {
            BaseAddress = app.ClientOptions.BaseAddress,
        };
        using (var signIn = await client.SubmitFormAsync("/Account/Login", new Dictionary<string, string?>
        {
            ["Input.Email"] = "cutoff@example.edu",
            ["Input.Password"] = PortalApplication.DefaultPassword,
        }))
        {
            Assert.Equal(System.Net.HttpStatusCode.Redirect, signIn.StatusCode);
        }

        var started = false;
        var url = $"/Staff/Courses/{courseId}/Materials/Upload";
        var token = (await app.GetDocumentAsync(client, url)).QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        var before = await app.WithDbAsync(db => db.Materials.CountAsync());
        // Large enough that the server is well into writing its temporary file when the connection drops.
        var pdf = new byte[4 * 1024 * 1024];
        "%PDF-1.4\n"u8.CopyTo(pdf);

        using var content = new MultipartFormDataContent { { new StreamContent(new BreaksAfter(pdf, pdf.Length / 2, Path.Combine(app.DataDirectory, "tmp"), () => started = true)), "files", "cut.pdf" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Add("RequestVerificationToken", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var dropped = await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.SendAsync(request));
        Assert.Contains("connection dropped", dropped.ToString(), StringComparison.Ordinal);

        // The server notices the break asynchronously: wait until it has cleaned up.
        var temp = Path.Combine(app.DataDirectory, "tmp");
        Assert.True(started, "the server never began to receive the file: " + string.Join("\n", app.Logs.Messages.TakeLast(5)));
        await Eventually.TrueAsync(() => !(Directory.Exists(temp) && Directory.EnumerateFiles(temp).Any()));

        Assert.Empty(Directory.Exists(temp) ? Directory.EnumerateFiles(temp) : []);
        Assert.Equal(before, await app.WithDbAsync(db => db.Materials.CountAsync()));
    }

    /// <summary>Serves the first bytes of a file, then fails as a dropped connection does.</summary>
    private sealed class BreaksAfter(byte[] bytes, int limit, string temp, Action sawTemporaryFile) : MemoryStream(bytes)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Position >= limit)
            {
                // Wait until the server is writing its temporary file, then drop the connection.
                if (await Eventually.TrueAsync(() => Directory.Exists(temp) && Directory.EnumerateFiles(temp).Any(), cancellationToken: cancellationToken))
                {
                    sawTemporaryFile();
                }

                throw new IOException("connection dropped");
            }

            return await base.ReadAsync(buffer[..(int)Math.Min(buffer.Length, limit - Position)], cancellationToken);
        }
    }
}
