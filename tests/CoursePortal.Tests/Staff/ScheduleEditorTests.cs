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

    // ---- The reschedule preview → apply conflict path ----

    [Fact]
    public async Task Saving_a_previewed_move_after_someone_changed_one_of_its_lectures_is_refused_naming_that_lecture_and_nothing_moves()
    {
        var (ada, courseId, list) = await CourseAsync("apply-stale");
        var bob = await SecondTaAsync(courseId, "apply-stale");
        var adaId = await UserIdAsync("apply-stale.ta@example.edu");
        var (t7, t8) = (await IdAsync(courseId, "T7"), await IdAsync(courseId, "T8"));
        var preview = await PreviewMoveAsync(ada, list, 1, t7, t8);
        Assert.Equal(2, preview.QuerySelectorAll(".moves li").Length);

        // Bob renames T8 while Ada looks at the preview.
        using (var bobs = await bob.SubmitFormAsync(list, new Dictionary<string, string?> { ["Row.Topic"] = "T8 by Bob" }, $"#row-{t8}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, bobs.StatusCode);
        }

        var beforeApply = await RowsAsync(courseId);
        using var refused = await ApplyAsync(ada, courseId, preview);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await refused.ReadDocumentAsync();
        Assert.Contains("Nothing was changed: the lecture of Wed Sep 24, 2025 (“T8 by Bob”) is not as the page showed it (apply-stale.bob changed it at ",
            page.QuerySelector("p.form-errors[role='alert']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(beforeApply, await RowsAsync(courseId));
        Assert.Equal([Dates[6], Dates[7]], await DatesAsync(t7, t8));
        Assert.False(await app.WithDbAsync(db => db.ScheduleUndos.AnyAsync(u => u.CourseId == courseId)));
        Assert.Empty(await app.WithDbAsync(db => db.AuditEntries.Where(a => a.CourseId == courseId && a.UserId == adaId).ToListAsync()));

        // The page shows the preview again as things are now; saving that one moves both, Bob's topic kept.
        var moves = page.QuerySelectorAll(".moves li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(2, moves.Count);
        Assert.Contains("“T8 by Bob”: Wed Sep 24, 2025 → Mon Sep 29, 2025", moves[1], StringComparison.Ordinal);
        using (var again = await ApplyAsync(ada, courseId, page))
        {
            Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        }

        Assert.Equal([new DateOnly(2025, 9, 24), new DateOnly(2025, 9, 29)], await DatesAsync(t7, t8));
        Assert.Equal("T8 by Bob", await TopicAsync(t8));
    }

    [Fact]
    public async Task Inserting_a_previewed_no_lecture_day_after_someone_changed_a_later_lecture_is_refused_and_adds_and_moves_nothing()
    {
        var (ada, courseId, list) = await CourseAsync("insert-stale");
        var bob = await SecondTaAsync(courseId, "insert-stale");
        var t9 = await IdAsync(courseId, "T9");
        var preview = await app.GetDocumentAsync(ada, $"/Staff/Courses/{courseId}/Lectures/Reschedule?InsertOn=2025-09-22");
        Assert.Equal(3, preview.QuerySelectorAll(".moves li").Length);

        // Bob gives T9 (one of the three lectures the preview moves) another room.
        using (var bobs = await bob.SubmitFormAsync(list, new Dictionary<string, string?> { ["Row.Room"] = "Friend 101" }, $"#row-{t9}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, bobs.StatusCode);
        }

        var beforeApply = await RowsAsync(courseId);
        Assert.Equal("Friend 101", beforeApply.Single(r => r.Id == t9).Room);
        using var refused = await ApplyAsync(ada, courseId, preview);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await refused.ReadDocumentAsync();
        Assert.Contains("Nothing was changed: the lecture of Wed Oct 8, 2025 (“T9”) is not as the page showed it (insert-stale.bob changed it at ",
            page.QuerySelector("p.form-errors[role='alert']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(beforeApply, await RowsAsync(courseId));
        Assert.False(await app.WithDbAsync(db => db.Lectures.AnyAsync(l => l.CourseId == courseId && l.Topic == "No lecture")));
        Assert.False(await app.WithDbAsync(db => db.ScheduleUndos.AnyAsync(u => u.CourseId == courseId)));
    }

    // The save plans the move again: a lecture of the preview that is gone must stop it, not drop out of it.
    [Fact]
    public async Task Saving_a_previewed_move_after_someone_deleted_one_of_its_lectures_is_refused_and_nothing_moves()
    {
        var (ada, courseId, list) = await CourseAsync("apply-deleted");
        var bob = await SecondTaAsync(courseId, "apply-deleted");
        var (t7, t8) = (await IdAsync(courseId, "T7"), await IdAsync(courseId, "T8"));
        var preview = await PreviewMoveAsync(ada, list, 1, t7, t8);
        Assert.Equal(2, preview.QuerySelectorAll(".moves li").Length);

        using (var deleted = await bob.SubmitFormAsync(list, new Dictionary<string, string?>(), $"#lecture-row-{t8} form[action*='handler=Delete']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        }

        Assert.False(await app.WithDbAsync(db => db.Lectures.AnyAsync(l => l.Id == t8)));
        using var refused = await ApplyAsync(ada, courseId, preview);

        Assert.Equal(Dates[6], (await DatesAsync(t7))[0]);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Nothing was changed: a lecture of the preview was deleted since it was shown (apply-deleted.bob", (await refused.ReadDocumentAsync()).QuerySelector("p.form-errors")?.TextContent ?? "", StringComparison.Ordinal);
    }

    // ---- The audit entries of bulk changes ----

    [Fact]
    public async Task Bulk_cancel_and_its_undo_write_an_audit_entry_per_changed_lecture_naming_the_status_change_under_the_signed_in_user()
    {
        var (client, courseId, list) = await CourseAsync("audit-cancel");
        var userId = await UserIdAsync("audit-cancel.ta@example.edu");
        var (t4, t5, t6) = (await IdAsync(courseId, "T4"), await IdAsync(courseId, "T5"), await IdAsync(courseId, "T6"));
        // T6 is cancelled already (set outside any request, so not audited): selecting it changes nothing of it.
        await app.WithDbAsync(async db =>
        {
            (await db.Lectures.SingleAsync(l => l.Id == t6)).Status = LectureStatus.Cancelled;
            await db.SaveChangesAsync();
        });

        var mark = await LastAuditIdAsync();
        using (var cancelled = await BulkAsync(client, list, "BulkCancel", t4, t5, t6))
        {
            Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        }

        Assert.Equal([LectureStatus.Cancelled, LectureStatus.Cancelled, LectureStatus.Cancelled], await StatusesAsync(t4, t5, t6));
        AssertAudited(await AuditSinceAsync(courseId, mark), userId, "audit-cancel.ta",
            (t4, "Update", "Status: Scheduled → Cancelled"),
            (t5, "Update", "Status: Scheduled → Cancelled"));

        mark = await LastAuditIdAsync();
        await UndoAsync(client, list);

        Assert.Equal([LectureStatus.Scheduled, LectureStatus.Scheduled, LectureStatus.Cancelled], await StatusesAsync(t4, t5, t6));
        AssertAudited(await AuditSinceAsync(courseId, mark), userId, "audit-cancel.ta",
            (t4, "Update", "Status: Cancelled → Scheduled"),
            (t5, "Update", "Status: Cancelled → Scheduled"));
    }

    [Fact]
    public async Task A_saved_move_and_its_undo_write_an_audit_entry_per_moved_lecture_naming_its_date_change()
    {
        var (client, courseId, list) = await CourseAsync("audit-move");
        var userId = await UserIdAsync("audit-move.ta@example.edu");
        var (t8, t9) = (await IdAsync(courseId, "T8"), await IdAsync(courseId, "T9"));
        var preview = await PreviewMoveAsync(client, list, 2, t8, t9);

        var mark = await LastAuditIdAsync();
        Assert.Empty(await AuditSinceAsync(courseId, 0));
        using (var saved = await ApplyAsync(client, courseId, preview))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        AssertAudited(await AuditSinceAsync(courseId, mark), userId, "audit-move.ta",
            (t8, "Update", "Date: 2025-09-24 → 2025-10-01"),
            (t9, "Update", "Date: 2025-10-08 → 2025-10-22"));

        mark = await LastAuditIdAsync();
        await UndoAsync(client, list);

        AssertAudited(await AuditSinceAsync(courseId, mark), userId, "audit-move.ta",
            (t8, "Update", "Date: 2025-10-01 → 2025-09-24"),
            (t9, "Update", "Date: 2025-10-22 → 2025-10-08"));
    }

    [Fact]
    public async Task An_inserted_no_lecture_day_and_its_undo_are_audited_as_the_added_day_and_each_later_lectures_date_change()
    {
        var (client, courseId, list) = await CourseAsync("audit-insert");
        var userId = await UserIdAsync("audit-insert.ta@example.edu");
        var (t6, t7, t8, t9) = (await IdAsync(courseId, "T6"), await IdAsync(courseId, "T7"), await IdAsync(courseId, "T8"), await IdAsync(courseId, "T9"));
        var reschedule = $"/Staff/Courses/{courseId}/Lectures/Reschedule";
        var preview = await app.GetDocumentAsync(client, $"{reschedule}?InsertOn=2025-09-22");

        var mark = await LastAuditIdAsync();
        using (var saved = await ApplyAsync(client, courseId, preview))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        var marker = await app.WithDbAsync(db => db.Lectures.Where(l => l.CourseId == courseId && l.Topic == "No lecture").Select(l => l.Id).SingleAsync());
        var entries = await AuditSinceAsync(courseId, mark);
        var created = Assert.Single(entries, e => e.Action == "Create");
        Assert.Equal((Key(marker), userId, "audit-insert.ta"), (created.EntityId, created.UserId, created.UserName));
        Assert.Contains("Date = 2025-09-22", created.Summary, StringComparison.Ordinal);
        Assert.Contains("Topic = 'No lecture'", created.Summary, StringComparison.Ordinal);
        Assert.Contains("Status = Cancelled", created.Summary, StringComparison.Ordinal);
        // T6 (Wed Sep 17, before the day) does not move and is not audited.
        AssertAudited(entries.Where(e => e.Action != "Create"), userId, "audit-insert.ta",
            (t7, "Update", "Date: 2025-09-22 → 2025-09-24"),
            (t8, "Update", "Date: 2025-09-24 → 2025-09-29"),
            (t9, "Update", "Date: 2025-10-08 → 2025-10-20"));
        Assert.DoesNotContain(entries, e => e.EntityId == Key(t6));

        mark = await LastAuditIdAsync();
        await UndoAsync(client, list);

        entries = await AuditSinceAsync(courseId, mark);
        var removed = Assert.Single(entries, e => e.Action == "Delete");
        Assert.Equal((Key(marker), userId, "audit-insert.ta"), (removed.EntityId, removed.UserId, removed.UserName));
        Assert.Contains("Topic = 'No lecture'", removed.Summary, StringComparison.Ordinal);
        AssertAudited(entries.Where(e => e.Action != "Delete"), userId, "audit-insert.ta",
            (t7, "Update", "Date: 2025-09-24 → 2025-09-22"),
            (t8, "Update", "Date: 2025-09-29 → 2025-09-24"),
            (t9, "Update", "Date: 2025-10-20 → 2025-10-08"));
    }

    [Fact]
    public async Task Reordering_with_the_move_buttons_or_by_dragging_and_undoing_it_audit_the_date_change_of_each_topic_that_moved()
    {
        var (client, courseId, list) = await CourseAsync("audit-reorder");
        var userId = await UserIdAsync("audit-reorder.ta@example.edu");
        var (t1, t2, t3) = (await IdAsync(courseId, "T1"), await IdAsync(courseId, "T2"), await IdAsync(courseId, "T3"));

        // ↓ on T1 swaps it with T2.
        var mark = await LastAuditIdAsync();
        using (var moved = await MoveButtonAsync(client, list, await app.GetDocumentAsync(client, list), t1, "move-down"))
        {
            Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        }

        AssertAudited(await AuditSinceAsync(courseId, mark), userId, "audit-reorder.ta",
            (t1, "Update", "Date: 2025-09-01 → 2025-09-03"),
            (t2, "Update", "Date: 2025-09-03 → 2025-09-01"));

        mark = await LastAuditIdAsync();
        await UndoAsync(client, list);
        AssertAudited(await AuditSinceAsync(courseId, mark), userId, "audit-reorder.ta",
            (t1, "Update", "Date: 2025-09-03 → 2025-09-01"),
            (t2, "Update", "Date: 2025-09-01 → 2025-09-03"));

        // Dragging T3 to the top: T3 and T1 trade days, T2 keeps its day and is not audited.
        mark = await LastAuditIdAsync();
        using (var dragged = await DragAsync(client, list, courseId, "T3", "T2", "T1", "T4", "T5", "T6", "T7", "T8", "T9"))
        {
            Assert.Equal(HttpStatusCode.Redirect, dragged.StatusCode);
        }

        AssertAudited(await AuditSinceAsync(courseId, mark), userId, "audit-reorder.ta",
            (t1, "Update", "Date: 2025-09-01 → 2025-09-08"),
            (t3, "Update", "Date: 2025-09-08 → 2025-09-01"));

        mark = await LastAuditIdAsync();
        await UndoAsync(client, list);
        AssertAudited(await AuditSinceAsync(courseId, mark), userId, "audit-reorder.ta",
            (t1, "Update", "Date: 2025-09-08 → 2025-09-01"),
            (t3, "Update", "Date: 2025-09-01 → 2025-09-08"));
    }

    // ---- Undo after a move and after a reorder ----

    [Fact]
    public async Task Undo_after_a_saved_move_puts_every_lecture_back_as_it_was()
    {
        var (client, courseId, list) = await CourseAsync("undo-move");
        await VaryAsync(courseId);
        var ids = await IdsAsync(courseId, "T5", "T6", "T7", "T8", "T9");
        var before = await RowsAsync(courseId);

        using (var saved = await ApplyAsync(client, courseId, await PreviewMoveAsync(client, list, 3, [.. ids])))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        // Three class days later each; T9 skips the recess (Oct 13–17).
        Assert.Equal([new DateOnly(2025, 9, 24), new DateOnly(2025, 9, 29), new DateOnly(2025, 10, 1), new DateOnly(2025, 10, 6), new DateOnly(2025, 10, 27)],
            await DatesAsync([.. ids]));
        Assert.NotEqual(before, await RowsAsync(courseId));

        await UndoAsync(client, list);

        Assert.Equal(before, await RowsAsync(courseId));
        var page = await app.GetDocumentAsync(client, list);
        Assert.Contains("Undone: Moved 5 lectures 3 class days later.", page.QuerySelector(".flash")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector(".undo-box"));
        Assert.False(await app.WithDbAsync(db => db.ScheduleUndos.AnyAsync(u => u.CourseId == courseId)));
    }

    [Fact]
    public async Task Undo_after_a_saved_move_is_refused_with_why_once_a_moved_lecture_was_changed_and_puts_nothing_back()
    {
        var (ada, courseId, list) = await CourseAsync("undo-move-refused");
        var bob = await SecondTaAsync(courseId, "undo-move-refused");
        var (t8, t9) = (await IdAsync(courseId, "T8"), await IdAsync(courseId, "T9"));
        using (var saved = await ApplyAsync(ada, courseId, await PreviewMoveAsync(ada, list, 2, t8, t9)))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        var withUndo = await app.GetDocumentAsync(ada, list);
        Assert.NotNull(withUndo.QuerySelector("form[action*='handler=Undo']"));
        using (var bobs = await bob.SubmitFormAsync(list, new Dictionary<string, string?> { ["Row.Topic"] = "T9, moved and renamed" }, $"#row-{t9}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, bobs.StatusCode);
        }

        var after = await RowsAsync(courseId);
        const string why = "Undo is no longer possible: the lecture of Wed Oct 22, 2025 (“T9, moved and renamed”) was changed since by undo-move-refused.bob at ";
        var page = await app.GetDocumentAsync(ada, list);
        Assert.Null(page.QuerySelector("form[action*='handler=Undo']"));
        Assert.Contains(why, page.QuerySelector(".undo-blocked")!.TextContent, StringComparison.Ordinal);

        using (var late = await ada.SubmitFormAsync(withUndo, list, new Dictionary<string, string?>(), "form[action*='handler=Undo']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, late.StatusCode);
        }

        Assert.Equal(after, await RowsAsync(courseId));
        Assert.Equal([new DateOnly(2025, 10, 1), new DateOnly(2025, 10, 22)], await DatesAsync(t8, t9));
        Assert.Contains(why, (await app.GetDocumentAsync(ada, list)).QuerySelector(".flash")!.TextContent, StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.ScheduleUndos.AnyAsync(u => u.CourseId == courseId)));
    }

    [Fact]
    public async Task Undo_after_a_drag_reorder_puts_every_topic_back_on_its_day_with_its_times_room_and_status()
    {
        var (client, courseId, list) = await CourseAsync("undo-reorder");
        await VaryAsync(courseId);
        var before = await RowsAsync(courseId);

        using (var dragged = await DragAsync(client, list, courseId, "T9", "T8", "T7", "T6", "T5", "T4", "T3", "T2", "T1"))
        {
            Assert.Equal(HttpStatusCode.Redirect, dragged.StatusCode);
        }

        // The days stay (with their times and room), the topics (with status and notes) move onto them.
        var reordered = await RowsAsync(courseId);
        var byTopic = reordered.ToDictionary(r => r.Topic);
        Assert.Equal((Dates[0], (string?)null), (byTopic["T9"].Date, byTopic["T9"].Room));
        Assert.Equal((Dates[1], "Friend 101"), (byTopic["T8"].Date, byTopic["T8"].Room));
        Assert.Equal((Dates[2], new TimeOnly(13, 0), new TimeOnly(14, 20)), (byTopic["T7"].Date, byTopic["T7"].StartTime, byTopic["T7"].EndTime));
        Assert.Equal((Dates[5], LectureStatus.Cancelled, "Instructor ill"), (byTopic["T4"].Date, byTopic["T4"].Status, byTopic["T4"].CancellationNote));
        Assert.Equal((Dates[8], (TimeOnly?)null), (byTopic["T1"].Date, byTopic["T1"].StartTime));

        await UndoAsync(client, list);

        Assert.Equal(before, await RowsAsync(courseId));
        Assert.Contains("Undone: Reordered the topics of 8 lectures.", (await app.GetDocumentAsync(client, list)).QuerySelector(".flash")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Undo_after_a_reorder_is_refused_with_why_once_a_reordered_lecture_was_changed_and_puts_nothing_back()
    {
        var (client, courseId, list) = await CourseAsync("undo-reorder-refused");
        var (t3, t4) = (await IdAsync(courseId, "T3"), await IdAsync(courseId, "T4"));
        var before = await RowsAsync(courseId);
        using (var moved = await MoveButtonAsync(client, list, await app.GetDocumentAsync(client, list), t3, "move-down"))
        {
            Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        }

        Assert.Equal([Dates[3], Dates[2]], await DatesAsync(t3, t4));
        var withUndo = await app.GetDocumentAsync(client, list);
        Assert.NotNull(withUndo.QuerySelector("form[action*='handler=Undo']"));
        using (var edited = await client.SubmitFormAsync(list, new Dictionary<string, string?> { ["Row.Room"] = "Friend 101" }, $"#row-{t3}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        }

        var after = await RowsAsync(courseId);
        Assert.NotEqual(before, after);
        const string why = "Undo is no longer possible: the lecture of Wed Sep 10, 2025 (“T3”) was changed since by undo-reorder-refused.ta at ";
        Assert.Contains(why, (await app.GetDocumentAsync(client, list)).QuerySelector(".undo-blocked")!.TextContent, StringComparison.Ordinal);

        using (var late = await client.SubmitFormAsync(withUndo, list, new Dictionary<string, string?>(), "form[action*='handler=Undo']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, late.StatusCode);
        }

        Assert.Equal(after, await RowsAsync(courseId));
        Assert.Equal([Dates[3], Dates[2]], await DatesAsync(t3, t4));
        Assert.Contains(why, (await app.GetDocumentAsync(client, list)).QuerySelector(".flash")!.TextContent, StringComparison.Ordinal);
    }

    /// <summary>What a lecture row holds that the schedule editor may change (and undo must put back).</summary>
    private sealed record StoredRow(
        int Id, DateOnly Date, TimeOnly? StartTime, TimeOnly? EndTime, string? Room, string Topic, string NotesMarkdown, LectureStatus Status, string CancellationNote);

    private Task<List<StoredRow>> RowsAsync(int courseId) => app.WithDbAsync(db => db.Lectures.AsNoTracking().Where(l => l.CourseId == courseId).OrderBy(l => l.Id)
        .Select(l => new StoredRow(l.Id, l.Date, l.StartTime, l.EndTime, l.Room, l.Topic, l.NotesMarkdown, l.Status, l.CancellationNote)).ToListAsync());

    /// <summary>Gives some rows more than a date and topic (set outside any request, so not audited): T2 a room, T3 its own times, T4 cancelled with a reason, T5 notes.</summary>
    private Task VaryAsync(int courseId) => app.WithDbAsync(async db =>
    {
        var lectures = await db.Lectures.Where(l => l.CourseId == courseId).ToDictionaryAsync(l => l.Topic);
        lectures["T2"].Room = "Friend 101";
        (lectures["T3"].StartTime, lectures["T3"].EndTime) = (new TimeOnly(13, 0), new TimeOnly(14, 20));
        (lectures["T4"].Status, lectures["T4"].CancellationNote) = (LectureStatus.Cancelled, "Instructor ill");
        lectures["T5"].NotesMarkdown = "Read chapter 5.";
        await db.SaveChangesAsync();
    });

    private async Task<List<int>> IdsAsync(int courseId, params string[] topics)
    {
        var ids = new List<int>();
        foreach (var topic in topics)
        {
            ids.Add(await IdAsync(courseId, topic));
        }

        return ids;
    }

    private Task<string> UserIdAsync(string email) => app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    /// <summary>The move preview of the lectures page for the selected rows, as its "Preview the move" button opens it.</summary>
    private async Task<IDocument> PreviewMoveAsync(HttpClient client, string list, int by, params int[] ids)
    {
        var page = await app.GetDocumentAsync(client, list);
        Check(page, ids);
        using var preview = await client.SubmitFormAsync(page, list, new Dictionary<string, string?> { ["By"] = Key(by) }, "#bulk", "button[formaction*='Reschedule']");
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var shown = await preview.ReadDocumentAsync();
        Assert.Null(shown.QuerySelector(".form-errors"));
        return shown;
    }

    /// <summary>Presses the save button of a move or insertion preview.</summary>
    private static Task<HttpResponseMessage> ApplyAsync(HttpClient client, int courseId, IDocument preview) =>
        client.SubmitFormAsync(preview, $"/Staff/Courses/{courseId}/Lectures/Reschedule", new Dictionary<string, string?>());

    private static async Task UndoAsync(HttpClient client, string list)
    {
        using var undone = await client.SubmitFormAsync(list, new Dictionary<string, string?>(), "form[action*='handler=Undo']");
        Assert.Equal(HttpStatusCode.Redirect, undone.StatusCode);
    }

    /// <summary>A row's ↑ ("move-up") or ↓ ("move-down") button, which posts the bulk form.</summary>
    private static Task<HttpResponseMessage> MoveButtonAsync(HttpClient client, string list, IDocument page, int id, string button) =>
        client.SubmitFormAsync(page.QuerySelector<IHtmlFormElement>("#bulk")!, list, new Dictionary<string, string?>(), page.QuerySelector($"#lecture-row-{id} .{button}"));

    /// <summary>Posts a new order of all topics as dragging the rows does (the page's reorder URL, with the versions the list showed).</summary>
    private async Task<HttpResponseMessage> DragAsync(HttpClient client, string list, int courseId, params string[] topics)
    {
        var page = await app.GetDocumentAsync(client, list);
        var fields = Forms.FieldsOf(page.QuerySelector<IHtmlFormElement>("#bulk")!)
            .Where(f => f.Key.StartsWith("listed", StringComparison.Ordinal) || f.Key == "__RequestVerificationToken").ToList();
        fields.AddRange((await IdsAsync(courseId, topics)).Select(i => new KeyValuePair<string, string>("order", Key(i))));
        return await client.PostAsync(WebUtility.HtmlDecode(page.QuerySelector("table.lecture-editor")!.GetAttribute("data-reorder-url")!), new FormUrlEncodedContent(fields));
    }

    private Task<long> LastAuditIdAsync() => app.WithDbAsync(async db => await db.AuditEntries.MaxAsync(a => (long?)a.Id) ?? 0);

    private Task<List<AuditEntry>> AuditSinceAsync(int courseId, long after) =>
        app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.CourseId == courseId && a.Id > after).OrderBy(a => a.Id).ToListAsync());

    /// <summary>Exactly these lecture entries (in any order), each by the signed-in user.</summary>
    private static void AssertAudited(IEnumerable<AuditEntry> entries, string userId, string userName, params (int Id, string Action, string Summary)[] expected)
    {
        var list = entries.ToList();
        Assert.All(list, e => Assert.Equal(("Lecture", userId, userName), (e.EntityType, e.UserId, e.UserName)));
        Assert.Equal(
            expected.Select(x => (EntityId: Key(x.Id), x.Action, x.Summary)).OrderBy(x => x.EntityId, StringComparer.Ordinal).ThenBy(x => x.Action, StringComparer.Ordinal),
            list.Select(e => (e.EntityId, e.Action, e.Summary)).OrderBy(x => x.EntityId, StringComparer.Ordinal).ThenBy(x => x.Action, StringComparer.Ordinal));
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
