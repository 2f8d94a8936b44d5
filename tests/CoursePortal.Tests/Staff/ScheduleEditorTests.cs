using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CoursePortal.Data;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Staff;

/// <summary>
/// The lectures page as the schedule editor, through its real forms: a row saved in place (with the lecture edit
/// page's rules and concurrency check), bulk cancel, restore and delete, moves by class days and inserted
/// no-lecture days previewed before saving, topics reordered with the ↑/↓ buttons, and undo of the last bulk change.
/// Each test has a course of its own: Mon/Wed from Mon Sep 1 to Fri Oct 31, 2025, Fall recess Oct 13–17, and nine
/// lectures T1…T9 on the first class days (the last, T9, on Wed Oct 8, just before the recess).
/// </summary>
public sealed class ScheduleEditorTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    private static readonly DateOnly[] Dates =
        [new(2025, 9, 1), new(2025, 9, 3), new(2025, 9, 8), new(2025, 9, 10), new(2025, 9, 15), new(2025, 9, 17), new(2025, 9, 22), new(2025, 9, 24), new(2025, 10, 8)];

    [Fact]
    public async Task A_row_saves_its_date_topic_room_and_status_in_place_returns_to_the_row_and_is_audited()
    {
        var (client, courseId, list) = await CourseAsync("row-save");
        var id = await IdAsync(courseId, "T3");

        using var saved = await client.SubmitFormAsync(list, new Dictionary<string, string?>
        {
            ["Row.Date"] = "2025-09-09",
            ["Row.Topic"] = "  Attention, in depth ",
            ["Row.Room"] = "Friend 101",
            ["Row.IsCancelled"] = "true",
        }, $"#row-{id}");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.EndsWith($"#lecture-row-{id}", saved.Headers.Location!.ToString(), StringComparison.Ordinal);
        var l = await app.WithDbAsync(db => db.Lectures.AsNoTracking().SingleAsync(x => x.Id == id));
        Assert.Equal((new DateOnly(2025, 9, 9), "Attention, in depth", "Friend 101", LectureStatus.Cancelled), (l.Date, l.Topic, l.Room, l.Status));
        var summary = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == "Lecture" && a.EntityId == Key(id) && a.Action == "Update").Select(a => a.Summary).SingleAsync());
        Assert.Contains("Attention, in depth", summary, StringComparison.Ordinal);

        var page = await app.GetDocumentAsync(client, list);
        Assert.Contains("Saved the lecture of Tue Sep 9, 2025", page.QuerySelector(".flash")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Attention, in depth", Value(page, $"topic-{id}"));
        Assert.Equal("true", page.QuerySelector<IHtmlSelectElement>($"#status-{id}")!.Value);
    }

    [Fact]
    public async Task A_row_with_no_date_or_topic_is_shown_again_with_the_messages_beside_its_fields_and_nothing_saved()
    {
        var (client, courseId, list) = await CourseAsync("row-invalid");
        var id = await IdAsync(courseId, "T2");

        using var refused = await client.SubmitFormAsync(list, new Dictionary<string, string?>
        {
            ["Row.Date"] = "",
            ["Row.Topic"] = " ",
            ["Row.Room"] = "Typed room",
        }, $"#row-{id}");

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await refused.ReadDocumentAsync();
        Assert.Contains("Date", page.GetElementById($"date-{id}-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Topic", page.GetElementById($"topic-{id}-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Typed room", Value(page, $"room-{id}"));
        // The other rows show what is stored, without messages.
        var other = await IdAsync(courseId, "T3");
        Assert.Equal("", page.GetElementById($"topic-{other}-error")!.TextContent.Trim());
        Assert.Equal("T2", await TopicAsync(id));

        using var badDate = await client.SubmitFormAsync(list, new Dictionary<string, string?> { ["Row.Date"] = "2025-13-45" }, $"#row-{id}");
        Assert.Equal(HttpStatusCode.OK, badDate.StatusCode);
        Assert.NotEqual("", (await badDate.ReadDocumentAsync()).GetElementById($"date-{id}-error")!.TextContent.Trim());
        Assert.Equal(Dates[1], await app.WithDbAsync(db => db.Lectures.Where(l => l.Id == id).Select(l => l.Date).SingleAsync()));
    }

    [Fact]
    public async Task A_row_saved_from_a_list_loaded_before_someone_elses_save_says_so_with_the_current_values_and_saves_when_sent_again()
    {
        var (ada, courseId, list) = await CourseAsync("row-stale");
        var bob = await SecondTaAsync(courseId, "row-stale");
        var id = await IdAsync(courseId, "T4");
        var adasList = await app.GetDocumentAsync(ada, list);
        using (var bobs = await bob.SubmitFormAsync(list, new Dictionary<string, string?> { ["Row.Topic"] = "Bob's topic" }, $"#row-{id}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, bobs.StatusCode);
        }

        using var stale = await ada.SubmitFormAsync(adasList, list, new Dictionary<string, string?> { ["Row.Topic"] = "Ada's topic" }, $"#row-{id}");

        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        var page = await stale.ReadDocumentAsync();
        var message = page.QuerySelector($"#lecture-row-{id} .row-status")!.TextContent;
        Assert.Contains("saved this lecture", message, StringComparison.Ordinal);
        Assert.Contains("Topic is now “Bob's topic” (your form was opened with “T4”)", message, StringComparison.Ordinal);
        Assert.Equal("Ada's topic", Value(page, $"topic-{id}"));
        Assert.Equal("Bob's topic", await TopicAsync(id));

        // Sent again from the row as shown, Ada replaces Bob's topic knowingly.
        using (var again = await ada.SubmitFormAsync(page, list, new Dictionary<string, string?>(), $"#row-{id}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        }

        Assert.Equal("Ada's topic", await TopicAsync(id));
    }

    [Fact]
    public async Task A_script_saving_a_row_gets_the_outcome_and_each_message_by_its_field_as_json()
    {
        var (client, courseId, list) = await CourseAsync("row-json");
        var id = await IdAsync(courseId, "T5");
        var page = await app.GetDocumentAsync(client, list);
        var form = page.QuerySelector<IHtmlFormElement>($"#row-{id}")!;
        var fields = Forms.FieldsOf(form);
        fields.RemoveAll(f => f.Key == "Row.Topic");

        using var request = new HttpRequestMessage(HttpMethod.Post, WebUtility.HtmlDecode(form.GetAttribute("action")!)) { Content = new FormUrlEncodedContent([.. fields, new("Row.Topic", "")]) };
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(json.RootElement.GetProperty("ok").GetBoolean());
        Assert.Contains("Topic", json.RootElement.GetProperty("errors").GetProperty("Topic").GetString(), StringComparison.Ordinal);
        Assert.Equal("T5", await TopicAsync(id));
    }

    [Fact]
    public async Task Selected_rows_are_cancelled_restored_and_deleted_together_and_each_change_can_be_undone()
    {
        var (client, courseId, list) = await CourseAsync("bulk");
        var (t2, t3) = (await IdAsync(courseId, "T2"), await IdAsync(courseId, "T3"));

        using (var cancelled = await BulkAsync(client, list, "BulkCancel", t2, t3))
        {
            Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        }

        Assert.Equal([LectureStatus.Cancelled, LectureStatus.Cancelled], await StatusesAsync(t2, t3));
        var page = await app.GetDocumentAsync(client, list);
        Assert.Contains("Cancelled 2 lectures", page.QuerySelector(".flash")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(["T1", "T4"], page.QuerySelectorAll("tbody tr:not(.is-cancelled) input[name='Row.Topic']").Select(i => ((IHtmlInputElement)i).Value).Take(2));

        using (var restored = await BulkAsync(client, list, "BulkRestore", t2))
        {
            Assert.Equal(HttpStatusCode.Redirect, restored.StatusCode);
        }

        Assert.Equal([LectureStatus.Scheduled, LectureStatus.Cancelled], await StatusesAsync(t2, t3));

        // The restore is the last bulk change: undo it.
        using (var undone = await client.SubmitFormAsync(list, new Dictionary<string, string?>(), "form[action*='handler=Undo']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, undone.StatusCode);
        }

        Assert.Equal([LectureStatus.Cancelled, LectureStatus.Cancelled], await StatusesAsync(t2, t3));
        page = await app.GetDocumentAsync(client, list);
        Assert.Contains("Undone: Restored the lecture of Wed Sep 3, 2025", page.QuerySelector(".flash")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector(".undo-box"));

        // A deleted lecture comes back on undo with its material.
        await app.WithDbAsync(async db =>
        {
            db.Materials.Add(new Material { CourseId = courseId, LectureId = t3, Title = "T3 slides", Kind = MaterialKind.Link, Url = "https://example.edu/t3" });
            await db.SaveChangesAsync();
        });
        using (var deleted = await BulkAsync(client, list, "BulkDelete", t2, t3))
        {
            Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        }

        Assert.False(await app.WithDbAsync(db => db.Lectures.AnyAsync(l => l.Id == t2 || l.Id == t3)));
        var actions = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == "Lecture" && a.EntityId == Key(t3)).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.Equal("Delete", actions[^1]);

        using (var undone = await client.SubmitFormAsync(list, new Dictionary<string, string?>(), "form[action*='handler=Undo']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, undone.StatusCode);
        }

        var back = await app.WithDbAsync(db => db.Lectures.AsNoTracking().Include(l => l.Materials).Where(l => l.CourseId == courseId && (l.Topic == "T2" || l.Topic == "T3")).OrderBy(l => l.Date).ToListAsync());
        Assert.Equal([(Dates[1], LectureStatus.Cancelled), (Dates[2], LectureStatus.Cancelled)], back.Select(l => (l.Date, l.Status)));
        Assert.Equal("T3 slides", Assert.Single(back[1].Materials).Title);
    }

    [Fact]
    public async Task A_bulk_change_from_a_list_loaded_before_someone_changed_a_selected_row_changes_nothing()
    {
        var (ada, courseId, list) = await CourseAsync("bulk-stale");
        var bob = await SecondTaAsync(courseId, "bulk-stale");
        var (t5, t6) = (await IdAsync(courseId, "T5"), await IdAsync(courseId, "T6"));
        var adasList = await app.GetDocumentAsync(ada, list);
        using (var bobs = await bob.SubmitFormAsync(list, new Dictionary<string, string?> { ["Row.Topic"] = "T6 by Bob" }, $"#row-{t6}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, bobs.StatusCode);
        }

        using (var stale = await BulkAsync(ada, list, "BulkCancel", adasList, t5, t6))
        {
            Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        }

        Assert.Equal([LectureStatus.Scheduled, LectureStatus.Scheduled], await StatusesAsync(t5, t6));
        var page = await app.GetDocumentAsync(ada, list);
        Assert.Contains("Nothing was changed: the lecture of Wed Sep 17, 2025 (“T6 by Bob”) is not as the page showed it", page.QuerySelector(".flash")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Moving_selected_rows_by_class_days_shows_every_move_first_then_saves_them_together()
    {
        var (client, courseId, list) = await CourseAsync("move");
        var (t8, t9) = (await IdAsync(courseId, "T8"), await IdAsync(courseId, "T9"));
        var page = await app.GetDocumentAsync(client, list);
        Check(page, t8, t9);

        using var preview = await client.SubmitFormAsync(page, list, new Dictionary<string, string?> { ["By"] = "2" }, "#bulk", "button[formaction*='Reschedule']");

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var shown = await preview.ReadDocumentAsync();
        var moves = shown.QuerySelectorAll(".moves li").Select(li => li.TextContent.Trim()).ToList();
        // Two class days after Wed Sep 24 is Wed Oct 1; after Wed Oct 8 the recess is skipped: Wed Oct 22.
        Assert.Equal(2, moves.Count);
        Assert.Contains("“T8”: Wed Sep 24, 2025 → Wed Oct 1, 2025", moves[0], StringComparison.Ordinal);
        Assert.Contains("“T9”: Wed Oct 8, 2025 → Wed Oct 22, 2025", moves[1], StringComparison.Ordinal);
        Assert.Equal([Dates[7], Dates[8]], await DatesAsync(t8, t9));

        using (var saved = await client.SubmitFormAsync(shown, $"/Staff/Courses/{courseId}/Lectures/Reschedule", new Dictionary<string, string?>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        Assert.Equal([new DateOnly(2025, 10, 1), new DateOnly(2025, 10, 22)], await DatesAsync(t8, t9));
        var after = await app.GetDocumentAsync(client, list);
        Assert.Contains("Moved 2 lectures 2 class days later", after.QuerySelector(".undo-box")!.TextContent, StringComparison.Ordinal);

        // Past the first class day is refused, saying why.
        var t1 = await IdAsync(courseId, "T1");
        Check(after, t1);
        using var early = await client.SubmitFormAsync(after, list, new Dictionary<string, string?> { ["By"] = "-1" }, "#bulk", "button[formaction*='Reschedule']");
        Assert.Contains("cannot move 1 class day earlier: the term's first class day is Mon Sep 1, 2025", (await early.ReadDocumentAsync()).QuerySelector(".form-errors")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inserting_a_no_lecture_day_previews_the_later_topics_flowing_down_one_class_day_then_saves_and_undoes()
    {
        var (client, courseId, list) = await CourseAsync("insert");
        var reschedule = $"/Staff/Courses/{courseId}/Lectures/Reschedule";

        var notClassDay = await app.GetDocumentAsync(client, $"{reschedule}?InsertOn=2025-09-16");
        Assert.Contains("Tue Sep 16, 2025 is not a class day of the term", notClassDay.QuerySelector(".form-errors")!.TextContent, StringComparison.Ordinal);

        var page = await app.GetDocumentAsync(client, list);
        var form = page.QuerySelector<IHtmlFormElement>("form.insert-form")!;
        Assert.Equal("get", form.Method);
        var preview = await app.GetDocumentAsync(client, $"{WebUtility.HtmlDecode(form.GetAttribute("action")!)}?InsertOn=2025-09-22");
        var moves = preview.QuerySelectorAll(".moves li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(3, moves.Count);
        Assert.Contains("Wed Sep 24, 2025 → Mon Sep 29, 2025", moves[1], StringComparison.Ordinal);
        Assert.Contains("Wed Oct 8, 2025 → Mon Oct 20, 2025", moves[2], StringComparison.Ordinal);
        Assert.Contains("Mon Sep 22, 2025", preview.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Lectures.AnyAsync(l => l.CourseId == courseId && l.Topic == "No lecture")));

        using (var saved = await client.SubmitFormAsync(preview, reschedule, new Dictionary<string, string?>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        var (t7, t8, t9) = (await IdAsync(courseId, "T7"), await IdAsync(courseId, "T8"), await IdAsync(courseId, "T9"));
        Assert.Equal([new DateOnly(2025, 9, 24), new DateOnly(2025, 9, 29), new DateOnly(2025, 10, 20)], await DatesAsync(t7, t8, t9));
        var marker = await app.WithDbAsync(db => db.Lectures.AsNoTracking().SingleAsync(l => l.CourseId == courseId && l.Topic == "No lecture"));
        Assert.Equal((Dates[6], LectureStatus.Cancelled), (marker.Date, marker.Status));

        using (var undone = await client.SubmitFormAsync(list, new Dictionary<string, string?>(), "form[action*='handler=Undo']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, undone.StatusCode);
        }

        Assert.Equal([Dates[6], Dates[7], Dates[8]], await DatesAsync(t7, t8, t9));
        Assert.False(await app.WithDbAsync(db => db.Lectures.AnyAsync(l => l.CourseId == courseId && l.Topic == "No lecture")));
    }

    [Fact]
    public async Task The_move_buttons_swap_topics_between_class_days_without_javascript_and_the_dates_stay()
    {
        var (client, courseId, list) = await CourseAsync("reorder");
        var (t1, t2) = (await IdAsync(courseId, "T1"), await IdAsync(courseId, "T2"));
        var page = await app.GetDocumentAsync(client, list);
        Assert.True(page.QuerySelector<IHtmlButtonElement>($"#lecture-row-{t1} .move-up")!.IsDisabled);

        // The button sits in the row and belongs to the bulk form (which carries every row's version).
        using (var moved = await client.SubmitFormAsync(page.QuerySelector<IHtmlFormElement>("#bulk")!, list, new Dictionary<string, string?>(), page.QuerySelector($"#lecture-row-{t1} .move-down")))
        {
            Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
            Assert.EndsWith($"#lecture-row-{t1}", moved.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal([Dates[1], Dates[0]], await DatesAsync(t1, t2));
        page = await app.GetDocumentAsync(client, list);
        Assert.Equal(["T2", "T1", "T3"], page.QuerySelectorAll("input[name='Row.Topic']").Select(i => ((IHtmlInputElement)i).Value).Take(3));
        Assert.Equal(["2025-09-01", "2025-09-03"], page.QuerySelectorAll("input[name='Row.Date']").Select(i => ((IHtmlInputElement)i).Value).Take(2));

        // ↑ moves up, whatever the bulk form's "Move by" field holds (it once overrode the button's step).
        using (await client.SubmitFormAsync(page.QuerySelector<IHtmlFormElement>("#bulk")!, list, new Dictionary<string, string?> { ["By"] = "3" }, page.QuerySelector($"#lecture-row-{t1} .move-up"))) { }
        Assert.Equal([Dates[0], Dates[1]], await DatesAsync(t1, t2));
        page = await app.GetDocumentAsync(client, list);
        using (await client.SubmitFormAsync(page.QuerySelector<IHtmlFormElement>("#bulk")!, list, new Dictionary<string, string?>(), page.QuerySelector($"#lecture-row-{t1} .move-down"))) { }
        Assert.Equal([Dates[1], Dates[0]], await DatesAsync(t1, t2));
        page = await app.GetDocumentAsync(client, list);

        // Dragging posts the whole new order: T3 to the top.
        var order = new[] { "T3", "T2", "T1", "T4", "T5", "T6", "T7", "T8", "T9" };
        var ids = new List<int>();
        foreach (var topic in order)
        {
            ids.Add(await IdAsync(courseId, topic));
        }

        var bulk = page.QuerySelector<IHtmlFormElement>("#bulk")!;
        var fields = Forms.FieldsOf(bulk).Where(f => f.Key.StartsWith("listed", StringComparison.Ordinal) || f.Key == "__RequestVerificationToken").ToList();
        fields.AddRange(ids.Select(i => new KeyValuePair<string, string>("order", Key(i))));
        using (var dragged = await client.PostAsync(WebUtility.HtmlDecode(page.QuerySelector("table.lecture-editor")!.GetAttribute("data-reorder-url")!), new FormUrlEncodedContent(fields)))
        {
            Assert.Equal(HttpStatusCode.Redirect, dragged.StatusCode);
        }

        Assert.Equal([Dates[0], Dates[1], Dates[2]], await DatesAsync(ids[0], ids[1], ids[2]));
    }

    [Fact]
    public async Task Undo_is_refused_and_the_page_says_why_once_a_row_the_bulk_change_touched_was_changed_again()
    {
        var (client, courseId, list) = await CourseAsync("undo-refused");
        var (t4, t5) = (await IdAsync(courseId, "T4"), await IdAsync(courseId, "T5"));
        using (var cancelled = await BulkAsync(client, list, "BulkCancel", t4, t5))
        {
            Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        }

        var withUndo = await app.GetDocumentAsync(client, list);
        Assert.NotNull(withUndo.QuerySelector("form[action*='handler=Undo']"));
        using (var edited = await client.SubmitFormAsync(list, new Dictionary<string, string?> { ["Row.Topic"] = "T5, rewritten" }, $"#row-{t5}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        }

        var page = await app.GetDocumentAsync(client, list);
        Assert.Null(page.QuerySelector("form[action*='handler=Undo']"));
        Assert.Contains("Undo is no longer possible: the lecture of Mon Sep 15, 2025 (“T5, rewritten”) was changed since by",
            page.QuerySelector(".undo-blocked")!.TextContent, StringComparison.Ordinal);

        // The button of the page loaded before is refused too, and nothing is put back.
        using (var late = await client.SubmitFormAsync(withUndo, list, new Dictionary<string, string?>(), "form[action*='handler=Undo']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, late.StatusCode);
        }

        Assert.Equal([LectureStatus.Cancelled, LectureStatus.Cancelled], await StatusesAsync(t4, t5));
        Assert.Contains("Undo is no longer possible", (await app.GetDocumentAsync(client, list)).QuerySelector(".flash")!.TextContent, StringComparison.Ordinal);
    }

    /// <summary>A course of its own for a test, a TA of it signed in, and its lectures page.</summary>
    private async Task<(HttpClient Client, int CourseId, string List)> CourseAsync(string name)
    {
        var courseId = await app.WithDbAsync(async db =>
        {
            var course = new Course
            {
                Slug = $"editor-{name}", Code = "ED 101", Title = "Schedule editing", TermName = "Fall 2025", IsPublished = true,
                TermStart = new DateOnly(2025, 9, 1), TermEnd = new DateOnly(2025, 10, 31), MeetingDays = Weekdays.Monday | Weekdays.Wednesday,
                MeetingStart = new TimeOnly(10, 0), MeetingEnd = new TimeOnly(11, 20), Location = "Friend 006",
            };
            course.Holidays.Add(new Holiday { Name = "Fall recess", StartDate = new DateOnly(2025, 10, 13), EndDate = new DateOnly(2025, 10, 17) });
            course.Lectures.AddRange(Dates.Select((d, i) => new Lecture { Date = d, Topic = $"T{i + 1}" }));
            db.Courses.Add(course);
            await db.SaveChangesAsync();
            return course.Id;
        });
        await app.CreateUserAsync($"{name}.ta@example.edu", courseId: courseId);
        return (await app.SignInAsync($"{name}.ta@example.edu"), courseId, $"/Staff/Courses/{courseId}/Lectures");
    }

    private async Task<HttpClient> SecondTaAsync(int courseId, string name)
    {
        await app.CreateUserAsync($"{name}.bob@example.edu", courseId: courseId);
        return await app.SignInAsync($"{name}.bob@example.edu");
    }

    private async Task<HttpResponseMessage> BulkAsync(HttpClient client, string list, string handler, params int[] ids) =>
        await BulkAsync(client, list, handler, await app.GetDocumentAsync(client, list), ids);

    private static Task<HttpResponseMessage> BulkAsync(HttpClient client, string list, string handler, IDocument page, params int[] ids)
    {
        Check(page, ids);
        return client.SubmitFormAsync(page, list, new Dictionary<string, string?>(), "#bulk", $"button[formaction*='handler={handler}']");
    }

    private static void Check(IDocument page, params int[] ids)
    {
        foreach (var id in ids)
        {
            page.QuerySelector<IHtmlInputElement>($"#select-{id}")!.IsChecked = true;
        }
    }

    private static string Value(IDocument page, string id) => page.QuerySelector<IHtmlInputElement>($"#{id}")!.Value;

    private Task<int> IdAsync(int courseId, string topic) =>
        app.WithDbAsync(db => db.Lectures.Where(l => l.CourseId == courseId && l.Topic == topic).Select(l => l.Id).SingleAsync());

    private Task<string> TopicAsync(int id) => app.WithDbAsync(db => db.Lectures.Where(l => l.Id == id).Select(l => l.Topic).SingleAsync());

    private Task<List<LectureStatus>> StatusesAsync(params int[] ids) => app.WithDbAsync(async db =>
    {
        var found = await db.Lectures.AsNoTracking().Where(l => ids.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Status);
        return ids.Select(i => found[i]).ToList();
    });

    private Task<List<DateOnly>> DatesAsync(params int[] ids) => app.WithDbAsync(async db =>
    {
        var found = await db.Lectures.AsNoTracking().Where(l => ids.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Date);
        return ids.Select(i => found[i]).ToList();
    });

    private static string Key(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
