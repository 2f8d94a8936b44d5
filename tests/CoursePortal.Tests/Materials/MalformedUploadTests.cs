using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Materials;

/// <summary>
/// Uploads whose multipart body is wrong get a 4xx with a message, never a 500, and leave no row, no
/// stored file and no temporary file — also when a good file came before the fault in the same request.
/// </summary>
public sealed class MalformedUploadTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    private const string Boundary = "----portal-test-boundary";

    public static TheoryData<string, string, string> Bodies => new()
    {
        // name, Content-Type, body ({pdf} stands for a valid PDF's bytes)
        { "cut off before the closing boundary", $"multipart/form-data; boundary={Boundary}", $"--{Boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n{{pdf}}" },
        { "a good file, then cut off in the second", $"multipart/form-data; boundary={Boundary}", $"--{Boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n{{pdf}}\r\n--{Boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"b.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 half" },
        { "a boundary the body does not use", "multipart/form-data; boundary=another-boundary", $"--{Boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.pdf\"\r\n\r\n{{pdf}}\r\n--{Boundary}--\r\n" },
        { "no boundary at all", "multipart/form-data", $"--{Boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.pdf\"\r\n\r\n{{pdf}}\r\n--{Boundary}--\r\n" },
        { "a boundary over 70 characters", $"multipart/form-data; boundary={new string('b', 71)}", $"--{new string('b', 71)}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.pdf\"\r\n\r\n{{pdf}}\r\n--{new string('b', 71)}--\r\n" },
        { "a part without headers", $"multipart/form-data; boundary={Boundary}", $"--{Boundary}\r\n\r\n{{pdf}}\r\n--{Boundary}--\r\n" },
        { "no file part, only fields", $"multipart/form-data; boundary={Boundary}", $"--{Boundary}\r\nContent-Disposition: form-data; name=\"Title\"\r\n\r\nSlides\r\n--{Boundary}--\r\n" },
        { "an empty body", $"multipart/form-data; boundary={Boundary}", "" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_malformed_upload_from_the_script_gets_a_4xx_json_message_and_leaves_nothing(string name, string contentType, string body)
    {
        var (client, url, token) = await StaffAsync();
        var before = await StateAsync();

        using var response = await PostAsync(client, url, token, contentType, body, json: true);

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{name}: {(int)response.StatusCode}");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("error").GetString()), name);
        Assert.Equal(before, await StateAsync());
        Assert.DoesNotContain(app.Logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_malformed_upload_from_the_form_gets_the_upload_page_with_the_message_and_leaves_nothing(string name, string contentType, string body)
    {
        var (client, url, token) = await StaffAsync();
        var before = await StateAsync();

        using var response = await PostAsync(client, url, token, contentType, body, json: false);

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{name}: {(int)response.StatusCode}");
        var doc = await response.ReadDocumentAsync();
        Assert.False(string.IsNullOrWhiteSpace(doc.QuerySelector(".form-errors")?.TextContent), $"{name}: no message on the page");
        Assert.Equal(before, await StateAsync());
    }

    private async Task<(HttpClient Client, string Url, string Token)> StaffAsync()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        var email = $"malformed-{Guid.NewGuid():n}@example.edu";
        await app.CreateUserAsync(email, courseId: courseId);
        var client = await app.SignInAsync(email);
        var url = $"/Staff/Courses/{courseId}/Materials/Upload";
        var page = await app.GetDocumentAsync(client, url);
        return (client, url, page.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!);
    }

    /// <summary>The token in a header, as the script sends it, so the body is read by the upload itself.</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, string token, string contentType, string body, bool json)
    {
        var parts = body.Split("{pdf}");
        var bytes = new List<byte>();
        for (var i = 0; i < parts.Length; i++)
        {
            bytes.AddRange(Encoding.ASCII.GetBytes(parts[i]));
            if (i < parts.Length - 1)
            {
                bytes.AddRange(TestPdf.Create("malformed upload"));
            }
        }

        var content = new ByteArrayContent(bytes.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Add("RequestVerificationToken", token);
        if (json)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        }

        return await client.SendAsync(request);
    }

    /// <summary>Rows, stored files and temporary files: what an upload could leave behind.</summary>
    private async Task<string> StateAsync()
    {
        var rows = await app.WithDbAsync(db => db.Materials.CountAsync());
        var versions = await app.WithDbAsync(db => db.MaterialVersions.CountAsync());
        return $"{rows} materials, {versions} versions, files [{string.Join(",", await app.StoredHashesAsync())}], temporary [{string.Join(",", app.TemporaryUploads())}]";
    }
}
