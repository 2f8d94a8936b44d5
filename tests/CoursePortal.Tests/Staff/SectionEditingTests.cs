using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CoursePortal.Data;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Staff;

/// <summary>Staff add, edit and delete sections (precepts, labs, recitations) through the real forms.</summary>
public sealed class SectionEditingTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    [Fact]
    public async Task Adding_a_section_stores_its_days_times_and_leaders_and_audits_them_by_name()
    {
        var (client, courseId) = await TaAsync();
        var url = $"/Staff/Courses/{courseId}/Sections/Edit";
        var form = await app.GetDocumentAsync(client, url);
        Check(form, "Input.Days", "Monday", "Wednesday");
        Check(form, "Input.LeaderIds", await StaffIdAsync(courseId, "Gon Buzaglo"));

        using var saved = await client.SubmitFormAsync(form, url, new Dictionary<string, string?>
        {
            ["Input.Name"] = "Precept P01",
            ["Input.StartTime"] = "15:00",
            ["Input.EndTime"] = "15:50",
            ["Input.Room"] = "Friend 008",
            ["Input.Note"] = "Bring your laptop.",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var section = await app.WithDbAsync(db => db.Sections.AsNoTracking().Include(s => s.Leaders).ThenInclude(l => l.StaffMember).SingleAsync(s => s.Name == "Precept P01"));
        Assert.Equal(Weekdays.Monday | Weekdays.Wednesday, section.Days);
        Assert.Equal((new TimeOnly(15, 0), new TimeOnly(15, 50), "Friend 008", "Bring your laptop."), (section.StartTime, section.EndTime, section.Room, section.Note));
        Assert.Equal(["Gon Buzaglo"], section.Leaders.Select(l => l.StaffMember!.Name));

        var list = await app.GetDocumentAsync(client, $"/Staff/Courses/{courseId}/Sections");
        var row = list.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("Precept P01", StringComparison.Ordinal));
        Assert.Contains("Mon/Wed 3:00\u20133:50 pm", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Gon Buzaglo", row.TextContent, StringComparison.Ordinal);

        var entries = await AuditAsync(section.Id);
        Assert.Equal(["Create", "Update"], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(courseId, e.CourseId));
        Assert.Contains("Name = 'Precept P01'", entries[0].Summary, StringComparison.Ordinal);
        Assert.Equal("Leader added: 'Gon Buzaglo'", entries[1].Summary);
        var log = await app.GetDocumentAsync(client, $"/Staff/Courses/{courseId}/Audit");
        Assert.Contains("Leader added: 'Gon Buzaglo'", log.QuerySelector("table.audit")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "15:00", "15:50", "Input.Days", "Meets on: choose at least one weekday.")]
    [InlineData("Tuesday", "15:00", "14:00", "Input.EndTime", "Ends: the end must be after the start.")]
    [InlineData("Tuesday", "", "14:00", "Input.StartTime", "Starts")]
    public async Task A_refused_section_shows_the_message_next_to_the_field_and_stores_nothing(string? day, string start, string end, string field, string expected)
    {
        var (client, courseId) = await TaAsync();
        var name = $"Lab {Guid.NewGuid():n}"[..20];
        var url = $"/Staff/Courses/{courseId}/Sections/Edit";
        var form = await app.GetDocumentAsync(client, url);
        if (day is not null)
        {
            Check(form, "Input.Days", day);
        }

        using var response = await client.SubmitFormAsync(form, url, new Dictionary<string, string?>
        {
            ["Input.Name"] = name,
            ["Input.StartTime"] = start,
            ["Input.EndTime"] = end,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await response.ReadDocumentAsync();
        Assert.Contains(expected, doc.FieldError(field), StringComparison.Ordinal);
        Assert.Equal(name, doc.GetElementById("Input_Name")!.GetAttribute("value"));
        Assert.Equal(day is not null, doc.QuerySelector($"input[name='Input.Days'][value='{day}']")?.HasAttribute("checked") ?? false);
        Assert.False(await app.WithDbAsync(db => db.Sections.AnyAsync(s => s.Name == name)));
    }

    [Fact]
    public async Task A_name_too_long_is_refused()
    {
        var (client, courseId) = await TaAsync();
        var url = $"/Staff/Courses/{courseId}/Sections/Edit";
        var form = await app.GetDocumentAsync(client, url);
        Check(form, "Input.Days", "Friday");

        using var response = await client.SubmitFormAsync(form, url, new Dictionary<string, string?>
        {
            ["Input.Name"] = new string('P', Section.NameMaxLength + 1),
            ["Input.StartTime"] = "09:00",
            ["Input.EndTime"] = "10:00",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(Section.NameMaxLength.ToString(CultureInfo.InvariantCulture), (await response.ReadDocumentAsync()).FieldError("Input.Name"), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Sections.AnyAsync(s => s.Name.StartsWith("PPPP"))));
    }

    [Fact]
    public async Task Changing_only_the_leaders_is_a_change_of_the_section_that_an_older_form_cannot_overwrite()
    {
        var (alice, courseId) = await TaAsync();
        var (bob, _) = await TaAsync();
        var id = await AddSectionAsync(alice, courseId, "Lab L02", "Gon Buzaglo");
        var url = $"/Staff/Courses/{courseId}/Sections/Edit/{id}";
        var versionBefore = await VersionAsync(id);
        var bobsForm = await app.GetDocumentAsync(bob, url);

        var alicesForm = await app.GetDocumentAsync(alice, url);
        Uncheck(alicesForm, "Input.LeaderIds", await StaffIdAsync(courseId, "Gon Buzaglo"));
        Check(alicesForm, "Input.LeaderIds", await StaffIdAsync(courseId, "Sanjeev Arora"));
        using (var first = await alice.SubmitFormAsync(alicesForm, url, new Dictionary<string, string?>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        }

        Assert.NotEqual(versionBefore, await VersionAsync(id));
        var leaders = await app.WithDbAsync(db => db.Sections.Where(s => s.Id == id).SelectMany(s => s.Leaders.Select(l => l.StaffMember!.Name)).ToListAsync());
        Assert.Equal(["Sanjeev Arora"], leaders);
        var summaries = (await AuditAsync(id)).Skip(2).Select(e => e.Summary).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["Leader added: 'Sanjeev Arora'", "Leader removed: 'Gon Buzaglo'"], summaries);

        using var second = await bob.SubmitFormAsync(bobsForm, url, new Dictionary<string, string?> { ["Input.Room"] = "Lab room B" });

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("saved this section", (await second.ReadDocumentAsync()).QuerySelector(".form-errors")!.TextContent, StringComparison.Ordinal);
        Assert.Null(await app.WithDbAsync(db => db.Sections.Where(s => s.Id == id).Select(s => s.Room).SingleAsync()));
    }

    [Fact]
    public async Task Deleting_a_section_from_the_list_removes_it_and_its_leaders()
    {
        var (client, courseId) = await TaAsync();
        var id = await AddSectionAsync(client, courseId, "Recitation R03", "Gon Buzaglo");
        var list = $"/Staff/Courses/{courseId}/Sections";

        using (var deleted = await client.SubmitFormAsync(list, new Dictionary<string, string?>(), $"form[action*='id={id}&handler=Delete']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        }

        Assert.False(await app.WithDbAsync(db => db.Sections.AnyAsync(s => s.Id == id)));
        Assert.False(await app.WithDbAsync(db => db.Set<SectionLeader>().AnyAsync(l => l.SectionId == id)));
        Assert.Equal("Deleted the section “Recitation R03”.", (await app.GetDocumentAsync(client, list)).QuerySelector(".flash")!.TextContent.Trim());
        Assert.Equal("Delete", (await AuditAsync(id))[^1].Action);
    }

    [Fact]
    public async Task A_TA_of_another_course_is_refused_and_ids_of_another_course_are_not_found()
    {
        var (ta, courseId) = await TaAsync();
        var (otherCourse, otherSection) = await app.WithDbAsync(async db =>
        {
            var course = new Course { Slug = $"sec-{Guid.NewGuid():n}"[..20], Code = "OTH", Title = "Another course", TermName = "Fall 2025" };
            var section = new Section { Course = course, Name = "Their precept", Days = Weekdays.Friday, StartTime = new TimeOnly(9, 0), EndTime = new TimeOnly(10, 0) };
            db.Sections.Add(section);
            await db.SaveChangesAsync();
            return (course.Id, section.Id);
        });

        using (var list = await ta.GetAsync($"/Staff/Courses/{otherCourse}/Sections"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        }

        using (var edit = await ta.GetAsync($"/Staff/Courses/{otherCourse}/Sections/Edit/{otherSection}"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, edit.StatusCode);
        }

        using (var underMine = await ta.GetAsync($"/Staff/Courses/{courseId}/Sections/Edit/{otherSection}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, underMine.StatusCode);
        }

        var form = await app.GetDocumentAsync(ta, $"/Staff/Courses/{courseId}/Sections/Edit");
        var token = form.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        using (var post = await ta.PostAsync($"/Staff/Courses/{otherCourse}/Sections/Edit/{otherSection}", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", token), new("Input.Name", "Hijacked"), new("Input.Days", "Monday"),
            new("Input.StartTime", "09:00"), new("Input.EndTime", "10:00"),
        ])))
        {
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        }

        Assert.Equal("Their precept", await app.WithDbAsync(db => db.Sections.Where(s => s.Id == otherSection).Select(s => s.Name).SingleAsync()));
    }

    private static void Check(IDocument form, string name, params object[] values) => SetChecked(form, name, true, values);

    private static void Uncheck(IDocument form, string name, params object[] values) => SetChecked(form, name, false, values);

    private static void SetChecked(IDocument form, string name, bool isChecked, object[] values)
    {
        foreach (var value in values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))
        {
            var box = form.QuerySelector<IHtmlInputElement>($"input[type='checkbox'][name='{name}'][value='{value}']")
                ?? throw new InvalidOperationException($"No checkbox {name} = {value}");
            box.IsChecked = isChecked;
        }
    }

    private async Task<int> AddSectionAsync(HttpClient client, int courseId, string name, string leader)
    {
        var url = $"/Staff/Courses/{courseId}/Sections/Edit";
        var form = await app.GetDocumentAsync(client, url);
        Check(form, "Input.Days", "Thursday");
        Check(form, "Input.LeaderIds", await StaffIdAsync(courseId, leader));
        using var saved = await client.SubmitFormAsync(form, url, new Dictionary<string, string?>
        {
            ["Input.Name"] = name,
            ["Input.StartTime"] = "13:30",
            ["Input.EndTime"] = "14:20",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        return await app.WithDbAsync(db => db.Sections.Where(s => s.CourseId == courseId && s.Name == name).Select(s => s.Id).SingleAsync());
    }

    private Task<List<AuditEntry>> AuditAsync(int sectionId) => app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
        .Where(a => a.EntityType == nameof(Section) && a.EntityId == sectionId.ToString(CultureInfo.InvariantCulture)).OrderBy(a => a.Id).ToListAsync());

    private Task<Guid> VersionAsync(int sectionId) => app.WithDbAsync(db => db.Sections.Where(s => s.Id == sectionId).Select(s => s.Version).SingleAsync());

    private Task<int> StaffIdAsync(int courseId, string name) =>
        app.WithDbAsync(db => db.StaffMembers.Where(s => s.CourseId == courseId && s.Name == name).Select(s => s.Id).SingleAsync());

    private async Task<(HttpClient Client, int CourseId)> TaAsync()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        var email = $"sections.{Guid.NewGuid():n}@example.edu";
        await app.CreateUserAsync(email, courseId: courseId);
        return (await app.SignInAsync(email), courseId);
    }
}
