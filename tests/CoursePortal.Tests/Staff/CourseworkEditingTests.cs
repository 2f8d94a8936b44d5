using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CoursePortal.Data;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Staff;

/// <summary>Staff add, edit, reorder and delete coursework items through the real forms, and attach materials to them.</summary>
public sealed class CourseworkEditingTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    [Fact]
    public async Task Adding_an_item_stores_it_in_the_course_zone_lists_it_and_audits_it()
    {
        var (client, courseId) = await TaAsync();
        var lectureId = await app.WithDbAsync(db => db.Lectures.Where(l => l.CourseId == courseId && l.Date == new DateOnly(2025, 9, 24)).Select(l => l.Id).SingleAsync());
        var form = await app.GetDocumentAsync(client, $"/Staff/Courses/{courseId}/Coursework/Edit");
        Assert.Equal("23:59", form.GetElementById("Input_Time")!.GetAttribute("value"));
        Assert.Equal(CourseworkKinds.Suggested, form.QuerySelectorAll("datalist#coursework-kinds option").Select(o => o.GetAttribute("value")!));

        using var saved = await client.SubmitFormAsync(form, $"/Staff/Courses/{courseId}/Coursework/Edit", new Dictionary<string, string?>
        {
            ["Input.Kind"] = "Problem set",
            ["Input.Title"] = "Problem set 1",
            ["Input.DescriptionMarkdown"] = "Problems **1–4**.",
            ["Input.Date"] = "2025-11-03",
            ["Input.ReleaseAt"] = "2025-10-27T09:00",
            ["Input.LectureId"] = lectureId.ToString(CultureInfo.InvariantCulture),
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var item = await app.WithDbAsync(db => db.CourseworkItems.SingleAsync(i => i.Title == "Problem set 1"));
        Assert.Equal(("Problem set", new DateOnly(2025, 11, 3), new TimeOnly(23, 59), (TimeOnly?)null), (item.Kind, item.Date, item.Time, item.EndTime));
        // Oct 27 is still daylight time in New York: 09:00 there is 13:00 UTC.
        Assert.Equal(new DateTime(2025, 10, 27, 13, 0, 0, DateTimeKind.Utc), item.ReleaseAt);
        Assert.Equal(lectureId, item.LectureId);
        Assert.Equal("Problems **1–4**.", item.DescriptionMarkdown);

        var list = await app.GetDocumentAsync(client, $"/Staff/Courses/{courseId}/Coursework");
        var row = list.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("Problem set 1", StringComparison.Ordinal));
        Assert.Contains("Mon Nov 3, 2025", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("due 11:59 pm", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Hidden", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Wed Sep 24", row.TextContent, StringComparison.Ordinal);

        var entry = await app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.EntityType == nameof(CourseworkItem) && a.EntityId == item.Id.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(("Create", courseId), (entry.Action, entry.CourseId));
        Assert.Contains("Title = 'Problem set 1'", entry.Summary, StringComparison.Ordinal);
        var log = await app.GetDocumentAsync(client, $"/Staff/Courses/{courseId}/Audit");
        Assert.Contains("Problem set 1", log.QuerySelector("table.audit")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Input.Title", "", "Input.Title", "Title")]
    [InlineData("Input.EndTime", "09:00", "Input.EndTime", "Ends (an exam; empty for a deadline): the end must be after the start.")]
    [InlineData("Input.Kind", "A kind of coursework far longer than forty characters", "Input.Kind", "40")]
    [InlineData("Input.Kind", "", "Input.Kind", "Kind")]
    public async Task A_refused_item_shows_the_message_next_to_the_field_and_stores_nothing(string field, string value, string errorField, string expected)
    {
        var (client, courseId) = await TaAsync();
        var title = $"Refused {Guid.NewGuid():n}";
        var changes = new Dictionary<string, string?>
        {
            ["Input.Kind"] = CourseworkKinds.Exam,
            ["Input.Title"] = title,
            ["Input.Date"] = "2025-10-22",
            ["Input.Time"] = "19:30",
            ["Input.Room"] = "Refused Hall",
        };
        changes[field] = value;

        using var response = await client.SubmitFormAsync($"/Staff/Courses/{courseId}/Coursework/Edit", changes);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await response.ReadDocumentAsync();
        Assert.Contains(expected, doc.FieldError(errorField), StringComparison.Ordinal);
        Assert.Equal("Refused Hall", doc.GetElementById("Input_Room")!.GetAttribute("value"));
        Assert.False(await app.WithDbAsync(db => db.CourseworkItems.AnyAsync(i => i.Title == title || i.Room == "Refused Hall")));
    }

    [Fact]
    public async Task An_exam_is_held_from_its_start_to_its_end_in_a_room()
    {
        var (client, courseId) = await TaAsync();

        using var saved = await client.SubmitFormAsync($"/Staff/Courses/{courseId}/Coursework/Edit", new Dictionary<string, string?>
        {
            ["Input.Kind"] = CourseworkKinds.Exam,
            ["Input.Title"] = "Midterm exam",
            ["Input.Date"] = "2025-10-22",
            ["Input.Time"] = "19:30",
            ["Input.EndTime"] = "21:00",
            ["Input.Room"] = "McCosh 50",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var exam = await app.WithDbAsync(db => db.CourseworkItems.SingleAsync(i => i.Title == "Midterm exam"));
        Assert.Equal((new TimeOnly(19, 30), (TimeOnly?)new TimeOnly(21, 0), "McCosh 50"), (exam.Time, exam.EndTime, exam.Room));
        var list = await app.GetDocumentAsync(client, $"/Staff/Courses/{courseId}/Coursework");
        Assert.Contains("7:30\u20139:00 pm", list.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("Midterm exam", StringComparison.Ordinal)).TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_save_from_a_form_opened_before_someone_elses_save_is_refused_with_what_changed()
    {
        var (alice, courseId) = await TaAsync();
        var (bob, _) = await TaAsync();
        var id = await AddItemAsync(alice, courseId, "Homework 2", new DateOnly(2025, 9, 26));
        var url = $"/Staff/Courses/{courseId}/Coursework/Edit/{id}";
        var bobsForm = await app.GetDocumentAsync(bob, url);

        using (var first = await alice.SubmitFormAsync(url, new Dictionary<string, string?> { ["Input.Title"] = "Homework 2 (revised)" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        }

        using var second = await bob.SubmitFormAsync(bobsForm, url, new Dictionary<string, string?> { ["Input.Title"] = "Homework two" });

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var message = (await second.ReadDocumentAsync()).QuerySelector(".form-errors")!.TextContent;
        Assert.Contains("saved this coursework item", message, StringComparison.Ordinal);
        Assert.Contains("Title is now “Homework 2 (revised)” (your form was opened with “Homework 2”)", message, StringComparison.Ordinal);
        Assert.Equal("Homework 2 (revised)", await app.WithDbAsync(db => db.CourseworkItems.Where(i => i.Id == id).Select(i => i.Title).SingleAsync()));
    }

    [Fact]
    public async Task Moving_a_released_item_keeps_the_old_time_for_the_changed_marker_and_raises_the_sequence()
    {
        var (client, courseId) = await TaAsync();
        var id = await AddItemAsync(client, courseId, "Homework 3", new DateOnly(2025, 10, 3));

        using var saved = await client.SubmitFormAsync($"/Staff/Courses/{courseId}/Coursework/Edit/{id}", new Dictionary<string, string?>
        {
            ["Input.Date"] = "2025-10-06",
            ["Input.Time"] = "17:00",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var item = await app.WithDbAsync(db => db.CourseworkItems.AsNoTracking().SingleAsync(i => i.Id == id));
        Assert.Equal((new DateOnly(2025, 10, 6), new TimeOnly(17, 0)), (item.Date, item.Time));
        Assert.Equal(((DateOnly?)new DateOnly(2025, 10, 3), (TimeOnly?)new TimeOnly(23, 59)), (item.PreviousDate, item.PreviousTime));
        Assert.Equal(PortalApplication.MidTerm.UtcDateTime, item.ChangedAt);
        Assert.Equal(1, item.Sequence);
        var update = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == nameof(CourseworkItem) && a.EntityId == id.ToString(CultureInfo.InvariantCulture) && a.Action == "Update").SingleAsync());
        Assert.Contains("Date: 2025-10-03 \u2192 2025-10-06", update.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("Previous", update.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Moving_an_item_nobody_has_seen_yet_marks_nothing()
    {
        var (client, courseId) = await TaAsync();
        var id = await AddItemAsync(client, courseId, "Homework 4", new DateOnly(2025, 10, 10), releaseAt: PortalApplication.MidTerm.UtcDateTime.AddDays(3));

        using var saved = await client.SubmitFormAsync($"/Staff/Courses/{courseId}/Coursework/Edit/{id}", new Dictionary<string, string?>
        {
            ["Input.Date"] = "2025-10-09",
            ["Input.Room"] = "Friend 101",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var item = await app.WithDbAsync(db => db.CourseworkItems.AsNoTracking().SingleAsync(i => i.Id == id));
        Assert.Equal((new DateOnly(2025, 10, 9), "Friend 101"), (item.Date, item.Room));
        Assert.Equal(((DateOnly?)null, (DateTime?)null, 0), (item.PreviousDate, item.ChangedAt, item.Sequence));
    }

    [Fact]
    public async Task Deleting_an_item_keeps_its_materials_as_drafts_of_the_course()
    {
        var (client, courseId) = await TaAsync();
        var id = await AddItemAsync(client, courseId, "Homework 5", new DateOnly(2025, 10, 17));
        await UploadThroughTheFormAsync(client, courseId, id, "hw5-solutions.pdf");
        using (var link = await client.SubmitFormAsync($"/Staff/Courses/{courseId}/Materials/Edit?courseworkItemId={id}", new Dictionary<string, string?>
        {
            ["Input.Title"] = "Submit on the site",
            ["Input.Url"] = "https://submit.example.edu/hw5",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, link.StatusCode);
        }

        var attached = await app.WithDbAsync(db => db.Materials.Where(m => m.CourseworkItemId == id).Select(m => new { m.Id, m.IsDraft }).ToListAsync());
        Assert.Equal(2, attached.Count);
        Assert.All(attached, m => Assert.False(m.IsDraft));
        var list = $"/Staff/Courses/{courseId}/Coursework";
        var page = await app.GetDocumentAsync(client, list);
        var deleteForm = page.QuerySelector($"form[action*='id={id}&handler=Delete']")!;
        Assert.Contains("Its 2 materials are kept as drafts", deleteForm.GetAttribute("data-confirm"), StringComparison.Ordinal);

        using (var deleted = await client.SubmitFormAsync(page, list, new Dictionary<string, string?>(), $"form[action*='id={id}&handler=Delete']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        }

        Assert.False(await app.WithDbAsync(db => db.CourseworkItems.AnyAsync(i => i.Id == id)));
        var ids = attached.Select(a => a.Id).ToList();
        var kept = await app.WithDbAsync(db => db.Materials.AsNoTracking().Where(m => ids.Contains(m.Id)).ToListAsync());
        Assert.Equal(2, kept.Count);
        Assert.All(kept, m => Assert.True(m.IsDraft && m.CourseworkItemId is null && m.LectureId is null, $"{m.Title}: draft {m.IsDraft}, item {m.CourseworkItemId}"));
        var after = await app.GetDocumentAsync(client, list);
        Assert.Equal("Deleted “Homework 5”. Its 2 materials are kept as drafts under course materials.", after.QuerySelector(".flash")!.TextContent.Trim());
        Assert.Equal("Delete", await app.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == nameof(CourseworkItem) && a.EntityId == id.ToString(CultureInfo.InvariantCulture))
            .OrderByDescending(a => a.Id).Select(a => a.Action).FirstAsync()));
    }

    [Fact]
    public async Task Items_due_at_the_same_time_are_reordered_with_move_up_and_down()
    {
        var (client, courseId) = await TaAsync();
        var date = new DateOnly(2025, 11, 14);
        var reading = await AddItemAsync(client, courseId, "Reading response", date);
        var lab = await AddItemAsync(client, courseId, "Lab report", date);
        var earlier = await AddItemAsync(client, courseId, "Quiz 3", date, time: new TimeOnly(10, 0));
        var list = $"/Staff/Courses/{courseId}/Coursework";
        Assert.Equal(["Quiz 3", "Reading response", "Lab report"], await TitlesOnAsync(client, list, date));
        var page = await app.GetDocumentAsync(client, list);
        // The time orders items due at different times: there is nothing to move past.
        Assert.Null(page.QuerySelector($"form[action*='id={earlier}&handler=Move']"));
        Assert.Null(page.QuerySelector($"form[action*='id={reading}&up=True'], form[action*='id={reading}&up=true']"));

        using (var moved = await client.SubmitFormAsync(page, list, new Dictionary<string, string?>(), $"form[action*='id={lab}&up=True'], form[action*='id={lab}&up=true']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        }

        Assert.Equal(["Quiz 3", "Lab report", "Reading response"], await TitlesOnAsync(client, list, date));
        using (var back = await client.SubmitFormAsync(list, new Dictionary<string, string?>(), $"form[action*='id={lab}&up=False'], form[action*='id={lab}&up=false']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        }

        Assert.Equal(["Quiz 3", "Reading response", "Lab report"], await TitlesOnAsync(client, list, date));
    }

    [Fact]
    public async Task A_move_from_a_list_loaded_before_someone_changed_the_neighbour_is_refused_and_moves_nothing()
    {
        var (client, courseId) = await TaAsync();
        var (other, _) = await TaAsync();
        var date = new DateOnly(2025, 11, 21);
        var reading = await AddItemAsync(client, courseId, "Reading 9", date);
        var lab = await AddItemAsync(client, courseId, "Lab 9", date);
        var list = $"/Staff/Courses/{courseId}/Coursework";
        var stale = await app.GetDocumentAsync(client, list);
        using (var edited = await other.SubmitFormAsync($"{list}/Edit/{reading}", new Dictionary<string, string?> { ["Input.Title"] = "Reading 9 (chapters 4-5)" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        }

        using (var moved = await client.SubmitFormAsync(stale, list, new Dictionary<string, string?>(), $"form[action*='id={lab}&up=True'], form[action*='id={lab}&up=true']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        }

        var shown = await app.GetDocumentAsync(client, list);
        Assert.Contains("Not moved:", shown.QuerySelector(".flash")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("changed “Reading 9 (chapters 4-5)”", shown.QuerySelector(".flash")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(["Reading 9 (chapters 4-5)", "Lab 9"], await TitlesOnAsync(client, list, date));

        // On the list as it is now, the move goes through and says what it did.
        using (var again = await client.SubmitFormAsync(shown, list, new Dictionary<string, string?>(), $"form[action*='id={lab}&up=True'], form[action*='id={lab}&up=true']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        }

        var after = await app.GetDocumentAsync(client, list);
        Assert.Equal("Moved “Lab 9” up, past “Reading 9 (chapters 4-5)”.", after.QuerySelector(".flash")?.TextContent.Trim());
        Assert.Equal(["Lab 9", "Reading 9 (chapters 4-5)"], await TitlesOnAsync(client, list, date));
    }

    [Fact]
    public async Task A_pdf_is_attached_to_an_item_through_the_upload_form_and_listed_on_the_item()
    {
        var (client, courseId) = await TaAsync();
        var id = await AddItemAsync(client, courseId, "Homework 6", new DateOnly(2025, 10, 24));
        var edit = await app.GetDocumentAsync(client, $"/Staff/Courses/{courseId}/Coursework/Edit/{id}");
        var uploadHref = edit.QuerySelectorAll("a").Single(a => a.TextContent.Trim() == "Upload PDFs for this item").GetAttribute("href")!;
        Assert.Equal($"/Staff/Courses/{courseId}/Materials/Upload?courseworkItemId={id}", uploadHref);

        await UploadThroughTheFormAsync(client, courseId, id, "hw6-handout.pdf");

        var material = await app.WithDbAsync(db => db.Materials.AsNoTracking().SingleAsync(m => m.FileName == "hw6-handout.pdf"));
        Assert.Equal(((int?)id, (int?)null), (material.CourseworkItemId, material.LectureId));
        var again = await app.GetDocumentAsync(client, $"/Staff/Courses/{courseId}/Coursework/Edit/{id}");
        var listed = again.QuerySelectorAll("#materials-heading ~ table tbody tr").Single();
        Assert.Equal(material.Title, listed.QuerySelector("a")!.TextContent);
        Assert.Equal($"/Staff/Courses/{courseId}/Materials/Edit/{material.Id}", listed.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("With the item", listed.TextContent, StringComparison.Ordinal);
        var materials = await app.GetDocumentAsync(client, $"/Staff/Courses/{courseId}/Materials");
        Assert.Contains("Assignment: Homework 6", materials.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains(material.Title, StringComparison.Ordinal)).TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_material_edit_form_moves_a_material_to_an_item_and_refuses_an_item_of_another_course()
    {
        var (client, courseId) = await TaAsync();
        var id = await AddItemAsync(client, courseId, "Homework 7", new DateOnly(2025, 10, 31));
        var otherItem = await ItemOfAnotherCourseAsync();
        var materialId = await app.WithDbAsync(async db =>
        {
            var m = new Material { CourseId = courseId, Title = "Starter code", Kind = MaterialKind.Link, Url = "https://example.edu/starter" };
            db.Materials.Add(m);
            await db.SaveChangesAsync();
            return m.Id;
        });
        var url = $"/Staff/Courses/{courseId}/Materials/Edit/{materialId}";

        using (var refused = await client.SubmitFormAsync(url, new Dictionary<string, string?> { ["Input.For"] = $"coursework-{otherItem}" }))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("coursework item of this course", (await refused.ReadDocumentAsync()).FieldError("Input.For"), StringComparison.Ordinal);
        }

        var form = await app.GetDocumentAsync(client, url);
        Assert.NotNull(form.QuerySelector($"select[name='Input.For'] optgroup[label='Coursework'] option[value='coursework-{id}']"));
        using (var saved = await client.SubmitFormAsync(form, url, new Dictionary<string, string?> { ["Input.For"] = $"coursework-{id}" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        var stored = await app.WithDbAsync(db => db.Materials.AsNoTracking().SingleAsync(m => m.Id == materialId));
        Assert.Equal(((int?)id, (int?)null), (stored.CourseworkItemId, stored.LectureId));
        var reopened = await app.GetDocumentAsync(client, url);
        Assert.Equal($"coursework-{id}", ((IHtmlSelectElement)reopened.QuerySelector("select[name='Input.For']")!).Value);
    }

    [Fact]
    public async Task A_TA_of_another_course_is_refused_and_ids_of_another_course_are_not_found()
    {
        var (ta, courseId) = await TaAsync();
        var otherItem = await ItemOfAnotherCourseAsync();
        var otherCourse = await app.WithDbAsync(db => db.CourseworkItems.Where(i => i.Id == otherItem).Select(i => i.CourseId).SingleAsync());

        using (var list = await ta.GetAsync($"/Staff/Courses/{otherCourse}/Coursework"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        }

        using (var edit = await ta.GetAsync($"/Staff/Courses/{otherCourse}/Coursework/Edit/{otherItem}"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, edit.StatusCode);
        }

        using (var underMine = await ta.GetAsync($"/Staff/Courses/{courseId}/Coursework/Edit/{otherItem}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, underMine.StatusCode);
        }

        var page = await app.GetDocumentAsync(ta, $"/Staff/Courses/{courseId}/Coursework");
        var token = page.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        using (var post = await ta.PostAsync($"/Staff/Courses/{otherCourse}/Coursework?id={otherItem}&handler=Delete", new FormUrlEncodedContent([new("__RequestVerificationToken", token)])))
        {
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        }

        using (var delete = await ta.PostAsync($"/Staff/Courses/{courseId}/Coursework?id={otherItem}&handler=Delete", new FormUrlEncodedContent([new("__RequestVerificationToken", token)])))
        {
            Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        }

        Assert.True(await app.WithDbAsync(db => db.CourseworkItems.AnyAsync(i => i.Id == otherItem)));
    }

    /// <summary>Posts the upload page's own form (as without script) with one PDF, the item preselected by the link from the item's page.</summary>
    private async Task UploadThroughTheFormAsync(HttpClient client, int courseId, int itemId, string fileName)
    {
        var url = $"/Staff/Courses/{courseId}/Materials/Upload?courseworkItemId={itemId}";
        var page = await app.GetDocumentAsync(client, url);
        var form = page.QuerySelector<IHtmlFormElement>("main form[method='post']")!;
        var fields = Forms.FieldsOf(form);
        Assert.Contains(new KeyValuePair<string, string>("For", $"coursework-{itemId}"), fields);
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        var pdf = new ByteArrayContent(TestPdf.Create(fileName));
        pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        content.Add(pdf, "files", fileName);
        using var response = await client.PostAsync(System.Net.WebUtility.HtmlDecode(form.GetAttribute("action")!), content);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private async Task<List<string>> TitlesOnAsync(HttpClient client, string list, DateOnly date)
    {
        var page = await app.GetDocumentAsync(client, list);
        var day = date.ToString("ddd MMM d, yyyy", CultureInfo.GetCultureInfo("en-US"));
        return page.QuerySelectorAll("tbody tr").Where(r => r.TextContent.Contains(day, StringComparison.Ordinal))
            .Select(r => r.QuerySelectorAll("td")[1].TextContent.Trim()).ToList();
    }

    /// <summary>Adds an item through the form; returns its id.</summary>
    private async Task<int> AddItemAsync(HttpClient client, int courseId, string title, DateOnly date, TimeOnly? time = null, DateTime? releaseAt = null)
    {
        var release = releaseAt is { } utc
            ? TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZoneInfo.FindSystemTimeZoneById("America/New_York")).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture)
            : "";
        using var saved = await client.SubmitFormAsync($"/Staff/Courses/{courseId}/Coursework/Edit", new Dictionary<string, string?>
        {
            ["Input.Title"] = title,
            ["Input.Date"] = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Input.Time"] = (time ?? new TimeOnly(23, 59)).ToString("HH:mm", CultureInfo.InvariantCulture),
            ["Input.ReleaseAt"] = release,
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        return await app.WithDbAsync(db => db.CourseworkItems.Where(i => i.CourseId == courseId && i.Title == title).Select(i => i.Id).SingleAsync());
    }

    private Task<int> ItemOfAnotherCourseAsync() => app.WithDbAsync(async db =>
    {
        var course = new Course { Slug = $"other-{Guid.NewGuid():n}"[..20], Code = "OTH", Title = "Another course", TermName = "Fall 2025" };
        var item = new CourseworkItem { Course = course, Kind = CourseworkKinds.Assignment, Title = "Their homework", Date = new DateOnly(2025, 10, 1), Time = new TimeOnly(23, 59) };
        db.CourseworkItems.Add(item);
        await db.SaveChangesAsync();
        return item.Id;
    });

    private async Task<(HttpClient Client, int CourseId)> TaAsync()
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        var email = $"coursework.{Guid.NewGuid():n}@example.edu";
        await app.CreateUserAsync(email, courseId: courseId);
        return (await app.SignInAsync(email), courseId);
    }
}
