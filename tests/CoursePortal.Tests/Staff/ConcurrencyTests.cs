using System.Net;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Staff;

public sealed class ConcurrencyTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    [Fact]
    public async Task The_second_of_two_concurrent_saves_is_refused_showing_the_other_change_and_nothing_is_overwritten()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        await app.CreateUserAsync("alice@example.edu", courseId: courseId);
        await app.CreateUserAsync("bob@example.edu", courseId: courseId);
        var alice = await app.SignInAsync("alice@example.edu");
        var bob = await app.SignInAsync("bob@example.edu");
        var lectureId = await app.WithDbAsync(db => db.Lectures.Where(l => l.Date == new DateOnly(2025, 10, 1)).Select(l => l.Id).SingleAsync());
        var url = $"/Staff/Courses/{courseId}/Lectures/Edit/{lectureId}";

        // Both open the form before either saves.
        var alicesForm = await app.GetDocumentAsync(alice, url);
        var bobsForm = await app.GetDocumentAsync(bob, url);

        using (var first = await alice.SubmitFormAsync(alicesForm, url, new Dictionary<string, string?> { ["Input.Topic"] = "Diffusion Models I" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        }

        using var second = await bob.SubmitFormAsync(bobsForm, url, new Dictionary<string, string?> { ["Input.Topic"] = "Score-based models" });

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var refused = await second.ReadDocumentAsync();
        var message = refused.QuerySelector(".form-errors")!.TextContent;
        Assert.Contains("alice saved this lecture", message, StringComparison.Ordinal);
        Assert.Contains("Topic: 'Diffusion Models' \u2192 'Diffusion Models I'", message, StringComparison.Ordinal);
        Assert.Equal("Score-based models", refused.GetElementById("Input_Topic")!.GetAttribute("value"));
        Assert.Equal("Diffusion Models I", await TopicAsync(lectureId));

        // Having seen their change, Bob may save again on purpose.
        using var third = await bob.SubmitFormAsync(refused, url, new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.Redirect, third.StatusCode);
        Assert.Equal("Score-based models", await TopicAsync(lectureId));
    }

    [Fact]
    public async Task Saving_an_item_someone_deleted_says_so()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        await app.CreateUserAsync("carol@example.edu", courseId: courseId);
        var carol = await app.SignInAsync("carol@example.edu");
        var announcementId = await app.WithDbAsync(db => db.Announcements.Select(a => a.Id).FirstAsync());
        var url = $"/Staff/Courses/{courseId}/Announcements/Edit/{announcementId}";
        var form = await app.GetDocumentAsync(carol, url);
        await app.WithDbAsync(async db =>
        {
            await db.Announcements.Where(a => a.Id == announcementId).ExecuteDeleteAsync();
        });

        using var response = await carol.SubmitFormAsync(form, url, new Dictionary<string, string?> { ["Input.Title"] = "Too late" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Announcements.AnyAsync(a => a.Title == "Too late")));
    }

    private Task<string> TopicAsync(int lectureId) =>
        app.WithDbAsync(db => db.Lectures.Where(l => l.Id == lectureId).Select(l => l.Topic).SingleAsync());
}
