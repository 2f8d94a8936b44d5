using System.Net;
using CoursePortal.Tests.Infrastructure;

namespace CoursePortal.Tests.Security;

/// <summary>The portal with its production sign-in limit (10 a minute per address).</summary>
public sealed class DefaultLimitsApplication : PortalApplication
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Portal:RateLimits:SignInPerMinute", "10")];
}

public sealed class RateLimitTests(DefaultLimitsApplication app) : IClassFixture<DefaultLimitsApplication>
{
    [Fact]
    public async Task The_eleventh_sign_in_attempt_in_a_minute_gets_429_with_retry_after_while_the_form_still_loads()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            using var response = await app.Browser().SubmitFormAsync("/Account/Login", new Dictionary<string, string?>
            {
                ["Input.Email"] = $"guess{i}@example.edu",
                ["Input.Password"] = "guessing password",
            });
            statuses.Add(response.StatusCode);
            if (i == 10)
            {
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }

        Assert.All(statuses.Take(10), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[10]);
        using var form = await app.Browser().GetAsync("/Account/Login");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
    }
}

/// <summary>The portal allowing two uploads a minute, to see the third refused.</summary>
public sealed class TwoUploadsApplication : PortalApplication
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Portal:RateLimits:UploadsPerMinute", "2")];
}

public sealed class UploadRateLimitTests(TwoUploadsApplication app) : IClassFixture<TwoUploadsApplication>
{
    [Fact]
    public async Task Uploads_over_the_per_minute_limit_get_429_and_store_nothing()
    {
        var courseId = await app.CourseIdAsync(CoursePortal.Demo.DemoSeeder.Slug);
        await app.CreateUserAsync("busy@example.edu", courseId: courseId);
        var client = await app.SignInAsync("busy@example.edu");
        var url = $"/Staff/Courses/{courseId}/Materials/Upload";
        var token = (await app.GetDocumentAsync(client, url)).QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var content = new MultipartFormDataContent { { new ByteArrayContent(TestPdf.Create($"burst {i}")), "files", $"burst-{i}.pdf" } };
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
            request.Headers.Add("RequestVerificationToken", token);
            request.Headers.Add("Accept", "application/json");
            using var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.False(await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Materials, m => m.FileName == "burst-2.pdf")));
    }
}
