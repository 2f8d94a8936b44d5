using System.Net;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Staff;

/// <summary>Messages next to fields name the field and say what to do, whichever rule found the problem.</summary>
public sealed class FieldMessageTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    [Fact]
    public async Task A_new_course_with_an_empty_date_a_taken_slug_and_no_title_gets_every_message_at_once_each_naming_its_field()
    {
        await app.CreateUserAsync("messages.admin@example.edu", admin: true);
        var admin = await app.SignInAsync("messages.admin@example.edu");

        using var refused = await admin.SubmitFormAsync("/Admin/Courses", new Dictionary<string, string?>
        {
            ["Input.Slug"] = DemoSeeder.Slug, ["Input.Code"] = "X", ["Input.Title"] = "", ["Input.TermName"] = "Spring 2026",
            ["Input.TermStart"] = "2026-01-20", ["Input.TermEnd"] = "soon",
        });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var doc = await refused.ReadDocumentAsync();
        Assert.Equal("Term: choose a term from the list; admins make new terms under Admin → Terms.", doc.FieldError("Input.TermName"));
        Assert.Equal("Term ends: enter a date; “soon” is not one.", doc.FieldError("Input.TermEnd"));
        Assert.Equal("Title: fill this in.", doc.FieldError("Input.Title"));
        // The taken slug is reported with the other problems, not only once they are fixed.
        Assert.Equal("Address name (slug): another course has this address name; choose another.", doc.FieldError("Input.Slug"));
        Assert.Equal(1, await app.WithDbAsync(db => db.Courses.CountAsync(c => c.Slug == DemoSeeder.Slug)));
    }

    [Fact]
    public async Task Data_annotation_and_page_rule_messages_read_the_same_way_on_a_staff_form()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        await app.CreateUserAsync("messages.ta@example.edu", courseId: courseId, role: CoursePortal.Accounts.StaffRoles.Instructor);
        var ta = await app.SignInAsync("messages.ta@example.edu");
        var memberId = await app.WithDbAsync(db => db.StaffMembers.Where(s => s.CourseId == courseId).Select(s => s.Id).FirstAsync());

        using var refused = await ta.SubmitFormAsync($"/Staff/Courses/{courseId}/People/Edit/{memberId}", new Dictionary<string, string?>
        {
            ["Input.Name"] = new string('n', 201), ["Input.Email"] = "not an address", ["Input.SortOrder"] = "5000",
        });

        var doc = await refused.ReadDocumentAsync();
        Assert.Equal("Name: use at most 200 characters.", doc.FieldError("Input.Name"));
        Assert.Equal("Email: enter an e-mail address, like name@example.edu.", doc.FieldError("Input.Email"));
        Assert.Equal("Position in the list: enter a number from 0 to 1000.", doc.FieldError("Input.SortOrder"));
    }

    [Fact]
    public async Task A_page_rule_message_is_prefixed_with_its_fields_name()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        await app.CreateUserAsync("messages.holidays@example.edu", courseId: courseId, role: CoursePortal.Accounts.StaffRoles.Instructor);
        var ta = await app.SignInAsync("messages.holidays@example.edu");

        using var refused = await ta.SubmitFormAsync($"/Staff/Courses/{courseId}/Holidays", new Dictionary<string, string?>
        {
            ["Input.Name"] = "Backwards break", ["Input.StartDate"] = "2025-11-10", ["Input.EndDate"] = "2025-11-01",
        }, "main form.form");

        var doc = await refused.ReadDocumentAsync();
        Assert.Equal("Last day (if more than one): the holiday cannot end before it starts.", doc.FieldError("Input.EndDate"));
        Assert.Equal(0, await app.WithDbAsync(db => db.Holidays.CountAsync(h => h.Name == "Backwards break")));
    }
}
