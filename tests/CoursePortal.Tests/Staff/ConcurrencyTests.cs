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
        Assert.Contains("Topic is now “Diffusion Models I” (your form was opened with “Diffusion Models”)", message, StringComparison.Ordinal);
        Assert.Equal("Score-based models", refused.GetElementById("Input_Topic")!.GetAttribute("value"));
        Assert.Equal("Diffusion Models I", await TopicAsync(lectureId));

        // Having seen their change, Bob may save again on purpose.
        using var third = await bob.SubmitFormAsync(refused, url, new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.Redirect, third.StatusCode);
        Assert.Equal("Score-based models", await TopicAsync(lectureId));
    }

    [Fact]
    public async Task A_refused_save_names_every_field_changed_since_the_form_was_opened_not_only_the_last_save()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        await app.CreateUserAsync("anna@example.edu", courseId: courseId);
        await app.CreateUserAsync("ben@example.edu", courseId: courseId);
        var anna = await app.SignInAsync("anna@example.edu");
        var ben = await app.SignInAsync("ben@example.edu");
        var lectureId = await app.WithDbAsync(db => db.Lectures.Where(l => l.Date == new DateOnly(2025, 10, 6)).Select(l => l.Id).SingleAsync());
        var url = $"/Staff/Courses/{courseId}/Lectures/Edit/{lectureId}";
        var bensForm = await app.GetDocumentAsync(ben, url);

        // Anna saves twice: first the topic, then the room.
        using (var topic = await anna.SubmitFormAsync(url, new Dictionary<string, string?> { ["Input.Topic"] = "Diffusion, part two" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, topic.StatusCode);
        }

        using (var room = await anna.SubmitFormAsync(url, new Dictionary<string, string?> { ["Input.Room"] = "McCosh 10" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, room.StatusCode);
        }

        using var refused = await ben.SubmitFormAsync(bensForm, url, new Dictionary<string, string?> { ["Input.NotesMarkdown"] = "Read chapter 4." });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await refused.ReadDocumentAsync();
        var message = page.QuerySelector(".form-errors")!.TextContent;
        Assert.Contains("Topic is now “Diffusion, part two” (your form was opened with “Diffusion Models (contd)”)", message, StringComparison.Ordinal);
        Assert.Contains("Room is now “McCosh 10” (your form was opened with empty)", message, StringComparison.Ordinal);

        // A second save starts from their version: only the fields Ben's form still differs in are his.
        using var again = await ben.SubmitFormAsync(page, url, new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
    }

    [Fact]
    public async Task Saving_an_item_someone_deleted_says_who_deleted_it_and_keeps_what_was_typed()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        await app.CreateUserAsync("carol@example.edu", courseId: courseId);
        await app.CreateUserAsync("dave@example.edu", courseId: courseId);
        var carol = await app.SignInAsync("carol@example.edu");
        var dave = await app.SignInAsync("dave@example.edu");
        var announcementId = await app.WithDbAsync(db => db.Announcements.Select(a => a.Id).FirstAsync());
        var url = $"/Staff/Courses/{courseId}/Announcements/Edit/{announcementId}";
        var form = await app.GetDocumentAsync(carol, url);
        using (var deleted = await dave.SubmitFormAsync($"/Staff/Courses/{courseId}/Announcements", new Dictionary<string, string?>(), $"form[action*='id={announcementId}&handler=Delete']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        }

        using var response = await carol.SubmitFormAsync(form, url, new Dictionary<string, string?> { ["Input.Title"] = "Too late" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadDocumentAsync();
        Assert.Contains("dave deleted this announcement", page.QuerySelector(".form-errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Too late", page.GetElementById("Input_Title")!.GetAttribute("value"));
        Assert.False(await app.WithDbAsync(db => db.Announcements.AnyAsync(a => a.Title == "Too late")));
    }

    [Fact]
    public async Task A_delete_from_a_list_loaded_before_someone_edited_the_item_is_refused_until_confirmed_on_the_new_list()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        await app.CreateUserAsync("erin@example.edu", courseId: courseId);
        await app.CreateUserAsync("frank@example.edu", courseId: courseId);
        var erin = await app.SignInAsync("erin@example.edu");
        var frank = await app.SignInAsync("frank@example.edu");
        var lectureId = await app.WithDbAsync(db => db.Lectures.Where(l => l.Date == new DateOnly(2025, 11, 3)).Select(l => l.Id).SingleAsync());
        var list = $"/Staff/Courses/{courseId}/Lectures";
        var deleteForm = $"form[action*='id={lectureId}&handler=Delete']";
        var erinsList = await app.GetDocumentAsync(erin, list);
        using (var edit = await frank.SubmitFormAsync($"{list}/Edit/{lectureId}", new Dictionary<string, string?> { ["Input.Topic"] = "Project ideas, with examples" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        }

        using (var stale = await erin.SubmitFormAsync(erinsList, list, new Dictionary<string, string?>(), deleteForm))
        {
            Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        }

        Assert.True(await app.WithDbAsync(db => db.Lectures.AnyAsync(l => l.Id == lectureId)), "a delete made from an out-of-date list went through");
        var shown = await app.GetDocumentAsync(erin, list);
        Assert.Contains("Not deleted: frank changed it", shown.QuerySelector(".flash")?.TextContent ?? shown.Body!.TextContent, StringComparison.Ordinal);

        // From the list as it is now, the delete is what Erin means.
        using (var confirmed = await erin.SubmitFormAsync(shown, list, new Dictionary<string, string?>(), deleteForm))
        {
            Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        }

        Assert.False(await app.WithDbAsync(db => db.Lectures.AnyAsync(l => l.Id == lectureId)));
    }

    private Task<string> TopicAsync(int lectureId) =>
        app.WithDbAsync(db => db.Lectures.Where(l => l.Id == lectureId).Select(l => l.Topic).SingleAsync());
}
