using System.Text.RegularExpressions;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CoursePortal.Tests.Browser;

public sealed class BrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private string Url(string path) => fixture.BaseUrl + path;

    [SkippableTheory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task A_student_reads_the_course_page_and_opens_a_pdf(int width, int height)
    {
        await fixture.RunAsync($"student-{width}", async page =>
        {
            await page.GotoAsync(Url("/" + DemoSeeder.Slug));

            Assert.Equal("Theory of Deep Learning", await page.Locator("h1").InnerTextAsync());
            Assert.True(await page.Locator("#lecture-3").IsVisibleAsync());
            Assert.True(await page.Locator("tr.is-next").IsVisibleAsync());
            var email = page.Locator("#staff .email a").First;
            Assert.Equal("arora@cs.princeton.edu", await email.InnerTextAsync());
            // The page never scrolls sideways, even on a phone.
            var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"page is {overflow}px wider than the {width}px window");

            // On a phone the schedule is a long column of cards below the fold: a link jumps to today's place in it.
            var jump = page.Locator(".jump-today a");
            if (width <= 640)
            {
                Assert.True(await jump.IsVisibleAsync());
                var target = (await jump.GetAttributeAsync("href"))!;
                Assert.StartsWith("#lecture-", target, StringComparison.Ordinal);
                await Assertions.Expect(page.Locator(target)).Not.ToBeInViewportAsync();
                await jump.ClickAsync();
                await Assertions.Expect(page.Locator(target)).ToBeInViewportAsync();
                await Assertions.Expect(page.Locator(target)).ToHaveClassAsync(new Regex(@"\bis-next\b"));
            }
            else
            {
                Assert.False(await jump.IsVisibleAsync());
            }

            var href = await page.Locator("#lecture-1 a").First.GetAttributeAsync("href");
            var response = await page.APIRequest.GetAsync(Url(href!));
            Assert.Equal(200, response.Status);
            Assert.Equal("application/pdf", response.Headers["content-type"]);
            Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString((await response.BodyAsync())[..5]), StringComparison.Ordinal);
        }, new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
    }

    [SkippableFact]
    public async Task On_a_phone_coursework_coming_up_the_schedule_marks_and_sections_fit_the_screen()
    {
        await Courses.CourseworkPageTests.AddShowcaseCourseAsync(fixture.App);
        await fixture.RunAsync("coursework-phone", async page =>
        {
            await page.GotoAsync(Url("/" + Courses.CourseworkPageTests.ShowcaseSlug));

            Assert.True(await page.Locator(".coming-up").IsVisibleAsync());
            Assert.True(await page.Locator("#coursework").IsVisibleAsync());
            Assert.True(await page.Locator("ul.sections li").First.IsVisibleAsync());
            var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"page is {overflow}px wider than the 390px window");
        }, new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
    }

    [SkippableFact]
    public async Task A_link_to_a_lecture_outside_a_long_schedules_window_opens_it_in_the_full_schedule()
    {
        await Courses.LongScheduleTests.AddLongCourseAsync(fixture.App);
        await fixture.RunAsync("long-schedule", async page =>
        {
            await page.GotoAsync(Url($"/{Courses.LongScheduleTests.Slug}#lecture-90"));

            await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/{Courses.LongScheduleTests.Slug}/schedule#lecture-90$"), new() { Timeout = 30_000 });
            await Assertions.Expect(page.Locator("#lecture-90")).ToBeInViewportAsync();
            // A lecture inside the window stays on the course page.
            await page.GotoAsync(Url($"/{Courses.LongScheduleTests.Slug}#lecture-4"));
            await Assertions.Expect(page.Locator("#lecture-4")).ToBeVisibleAsync();
            Assert.EndsWith($"/{Courses.LongScheduleTests.Slug}#lecture-4", page.Url, StringComparison.Ordinal);
        });
    }

    [SkippableFact]
    public async Task Staff_sign_in_edit_a_lecture_with_live_preview_and_see_it_on_the_public_page()
    {
        await fixture.RunAsync("staff-edit", async page =>
        {
            var courseId = await fixture.App.CourseIdAsync(DemoSeeder.Slug);
            await fixture.App.CreateUserAsync("browser.ta@example.edu", courseId: courseId);
            var lectureId = await fixture.App.WithDbAsync(db => db.Lectures.Where(l => l.CourseId == courseId && l.Date == new DateOnly(2025, 9, 29)).Select(l => l.Id).SingleAsync());

            await fixture.SignInAsync(page, "browser.ta@example.edu");

            await page.GotoAsync(Url($"/Staff/Courses/{courseId}/Lectures/Edit/{lectureId}"));
            await page.GetByLabel("Topic").FillAsync("KL divergence, revisited");
            await page.GetByLabel("Notes").FillAsync("See **section 3**");
            await Assertions.Expect(page.Locator(".preview strong")).ToHaveTextAsync("section 3");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save lecture" }).ClickAsync();
            await Assertions.Expect(page.Locator(".flash")).ToContainTextAsync("Saved the lecture");

            await page.GotoAsync(Url("/" + DemoSeeder.Slug));
            await Assertions.Expect(page.Locator("tr", new() { Has = page.Locator("time[datetime='2025-09-29']") }))
                .ToContainTextAsync("KL divergence, revisited");
        });
    }

    [SkippableTheory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task Staff_save_a_row_of_the_lectures_page_in_place_and_see_its_messages_and_saved_state_in_the_row(int width, int height)
    {
        await fixture.RunAsync($"schedule-editor-{width}", async page =>
        {
            var courseId = await fixture.App.CourseIdAsync(DemoSeeder.Slug);
            await fixture.App.CreateUserAsync($"browser.rows{width}@example.edu", courseId: courseId);
            var lectureId = await fixture.App.WithDbAsync(db => db.Lectures.Where(l => l.CourseId == courseId && l.Date == new DateOnly(2025, 9, 17)).Select(l => l.Id).SingleAsync());
            await fixture.SignInAsync(page, $"browser.rows{width}@example.edu");

            await page.GotoAsync(Url($"/Staff/Courses/{courseId}/Lectures"));
            var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"the lectures page is {overflow}px wider than the {width}px window");
            var listUrl = page.Url;
            var row = page.Locator($"#lecture-row-{lectureId}");
            var topic = row.Locator("input[name='Row.Topic']");
            var save = row.GetByRole(AriaRole.Button, new() { Name = "Save the lecture of Wed Sep 17" });
            await Assertions.Expect(save).ToBeVisibleAsync();

            await topic.FillAsync("");
            await save.ClickAsync();
            await Assertions.Expect(row.Locator(".field-error[data-field='Topic']")).ToContainTextAsync("Topic");
            await Assertions.Expect(row.Locator(".row-status")).ToHaveClassAsync(new Regex("is-error"));
            await Assertions.Expect(topic).ToHaveClassAsync(new Regex("input-validation-error"));

            await topic.FillAsync($"Implicit bias, saved in place at {width}px");
            await save.ClickAsync();
            await Assertions.Expect(row.Locator(".row-status")).ToContainTextAsync("Saved the lecture of Wed Sep 17, 2025");
            await Assertions.Expect(row).ToHaveClassAsync(new Regex("is-saved"));
            await Assertions.Expect(row.Locator(".field-error[data-field='Topic']")).ToBeEmptyAsync();
            Assert.Equal(listUrl, page.Url);
            Assert.Equal($"Implicit bias, saved in place at {width}px",
                await fixture.App.WithDbAsync(db => db.Lectures.Where(l => l.Id == lectureId).Select(l => l.Topic).SingleAsync()));

            // The row took the new version: a second save is no conflict.
            await topic.FillAsync($"Implicit bias, saved twice at {width}px");
            await save.ClickAsync();
            await Assertions.Expect(row.Locator(".row-status")).ToContainTextAsync("Saved the lecture");
            await Assertions.Expect(row.Locator(".row-status")).Not.ToHaveClassAsync(new Regex("is-error"));
            Assert.Equal($"Implicit bias, saved twice at {width}px",
                await fixture.App.WithDbAsync(db => db.Lectures.Where(l => l.Id == lectureId).Select(l => l.Topic).SingleAsync()));
        }, new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
    }

    [SkippableFact]
    public async Task Staff_drag_a_row_of_the_lectures_page_onto_another_to_move_its_topic_there_and_the_days_stay()
    {
        await fixture.RunAsync("schedule-editor-drag", async page =>
        {
            var courseId = await fixture.App.CourseIdAsync(DemoSeeder.Slug);
            await fixture.App.CreateUserAsync("browser.dragger@example.edu", courseId: courseId);
            // The last two lectures of the term, which no other browser test reads.
            var last = await fixture.App.WithDbAsync(db => db.Lectures.Where(l => l.CourseId == courseId && l.Status == Data.LectureStatus.Scheduled)
                .OrderByDescending(l => l.Date).Take(2).Select(l => new { l.Date, l.Topic }).ToListAsync());
            var (later, earlier) = (last[0], last[1]);
            ILocator RowOn(DateOnly date) => page.Locator($"table.lecture-editor tbody tr:has(input[name='Row.Date'][value='{date:yyyy-MM-dd}'])");
            async Task<string?> StoredTopicAsync(DateOnly date) =>
                await fixture.App.WithDbAsync(db => db.Lectures.Where(l => l.CourseId == courseId && l.Date == date).Select(l => l.Topic).SingleAsync());
            await fixture.SignInAsync(page, "browser.dragger@example.edu");
            await page.GotoAsync(Url($"/Staff/Courses/{courseId}/Lectures"));

            await RowOn(later.Date).Locator("td.number-cell").DragToAsync(RowOn(earlier.Date).Locator("td.number-cell"));

            // The page reloads with the new order: the earlier day has the later topic, and the days stayed.
            await Assertions.Expect(RowOn(earlier.Date).Locator("input[name='Row.Topic']")).ToHaveValueAsync(later.Topic, new() { Timeout = 15_000 });
            Assert.Equal((later.Topic, earlier.Topic), (await StoredTopicAsync(earlier.Date), await StoredTopicAsync(later.Date)));

            // The keyboard way puts it back.
            await RowOn(later.Date).GetByRole(AriaRole.Button, new() { Name = $"Move “{earlier.Topic}” up" }).ClickAsync();
            await Assertions.Expect(RowOn(earlier.Date).Locator("input[name='Row.Topic']")).ToHaveValueAsync(earlier.Topic, new() { Timeout = 15_000 });
            Assert.Equal((earlier.Topic, later.Topic), (await StoredTopicAsync(earlier.Date), await StoredTopicAsync(later.Date)));
        });
    }

    [SkippableFact]
    public async Task Staff_upload_a_pdf_by_file_picker_and_see_its_progress_bar_and_the_link_on_the_public_page()
    {
        await fixture.RunAsync("staff-upload", async page =>
        {
            var courseId = await fixture.App.CourseIdAsync(DemoSeeder.Slug);
            await fixture.App.CreateUserAsync("browser.uploader@example.edu", courseId: courseId);
            var lectureId = await fixture.App.WithDbAsync(db => db.Lectures.Where(l => l.Date == new DateOnly(2025, 10, 6)).Select(l => l.Id).SingleAsync());
            var good = Path.Combine(Path.GetTempPath(), $"diffusion-{Guid.NewGuid():n}.pdf");
            var bad = Path.Combine(Path.GetTempPath(), $"fake-{Guid.NewGuid():n}.pdf");
            await File.WriteAllBytesAsync(good, TestPdf.Create("Diffusion models, continued"));
            await File.WriteAllTextAsync(bad, "<html>not a pdf</html>");
            try
            {
                await fixture.SignInAsync(page, "browser.uploader@example.edu");
                await page.GotoAsync(Url($"/Staff/Courses/{courseId}/Materials/Upload?lectureId={lectureId}"));
                await page.GetByLabel("Title").FillAsync("Diffusion slides");
                await page.Locator("input[type=file]").SetInputFilesAsync([good, bad]);
                var rows = page.Locator(".upload-list li");
                await Assertions.Expect(rows).ToHaveCountAsync(2);
                await Assertions.Expect(rows.Nth(0).Locator("progress")).ToBeVisibleAsync();
                await page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();

                await Assertions.Expect(rows.Nth(0)).ToHaveClassAsync(new Regex("ok"));
                Assert.Equal(100, await rows.Nth(0).Locator("progress").EvaluateAsync<int>("p => p.value"));
                await Assertions.Expect(rows.Nth(1)).ToHaveClassAsync(new Regex("refused"));
                // Refused: the bar turns into the error state, with words, not only a colour.
                await Assertions.Expect(rows.Nth(1).Locator("progress")).ToHaveClassAsync(new Regex("failed"));
                await Assertions.Expect(rows.Nth(1).Locator(".upload-status")).ToHaveTextAsync(new Regex("^Not uploaded: “fake-.*” looks like a web page \\(HTML\\), not a PDF; upload a PDF"));
                await Assertions.Expect(rows.Nth(1).Locator("progress")).ToHaveAttributeAsync("aria-label", new Regex("not uploaded$"));
                await Assertions.Expect(rows.Nth(0).Locator("progress")).Not.ToHaveClassAsync(new Regex("failed"));

                await page.GotoAsync(Url("/" + DemoSeeder.Slug));
                var link = page.Locator("tr", new() { Has = page.Locator("time[datetime='2025-10-06']") }).GetByRole(AriaRole.Link, new() { Name = "Diffusion slides" });
                await Assertions.Expect(link).ToBeVisibleAsync();
            }
            finally
            {
                File.Delete(good);
                File.Delete(bad);
            }
        });
    }

    [SkippableFact]
    public async Task A_page_load_asks_for_nothing_that_is_missing_not_even_an_icon()
    {
        await fixture.RunAsync("no-404", async page =>
        {
            var missing = new System.Collections.Concurrent.ConcurrentBag<string>();
            page.Response += (_, response) =>
            {
                if (response.Status == 404)
                {
                    missing.Add(response.Url);
                }
            };

            await page.GotoAsync(Url("/" + DemoSeeder.Slug), new() { WaitUntil = WaitUntilState.NetworkIdle });
            var icon = await page.Locator("link[rel~='icon']").First.GetAttributeAsync("href");
            var answer = await page.APIRequest.GetAsync(Url(icon!));

            Assert.Equal(200, answer.Status);
            Assert.Empty(missing);
        });
    }

    [SkippableFact]
    public async Task Staff_can_drop_pdfs_on_the_upload_area()
    {
        await fixture.RunAsync("staff-drop", async page =>
        {
            var courseId = await fixture.App.CourseIdAsync(DemoSeeder.Slug);
            await fixture.App.CreateUserAsync("browser.dropper@example.edu", courseId: courseId);
            await fixture.SignInAsync(page, "browser.dropper@example.edu");
            await page.GotoAsync(Url($"/Staff/Courses/{courseId}/Materials/Upload"));
            // The page starts on the next lecture; these notes are for the whole course.
            await page.GetByLabel("For").SelectOptionAsync(new SelectOptionValue { Label = "The whole course (e.g. a book)" });
            await page.GetByLabel("Title").FillAsync("Dropped notes");

            // What a browser does when files are dragged from the desktop and let go over the area.
            var pdf = Convert.ToBase64String(TestPdf.Create("dropped"));
            await page.EvaluateAsync(@"base64 => {
                const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
                const transfer = new DataTransfer();
                transfer.items.add(new File([bytes], 'dropped-notes.pdf', { type: 'application/pdf' }));
                const zone = document.querySelector('[data-dropzone]');
                for (const type of ['dragenter', 'dragover', 'drop']) {
                    zone.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
                }
            }", pdf);
            var row = page.Locator(".upload-list li");
            await Assertions.Expect(row).ToContainTextAsync("dropped-notes.pdf");
            await page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();
            await Assertions.Expect(row).ToHaveClassAsync(new Regex("ok"));

            await page.GotoAsync(Url("/" + DemoSeeder.Slug));
            await Assertions.Expect(page.Locator("#materials").GetByRole(AriaRole.Link, new() { Name = "Dropped notes" })).ToBeVisibleAsync();
        });
    }

    [SkippableFact]
    public async Task Staff_can_drop_pdfs_on_a_lecture_and_see_them_listed_there()
    {
        await fixture.RunAsync("lecture-drop", async page =>
        {
            var courseId = await fixture.App.CourseIdAsync(DemoSeeder.Slug);
            var lectureId = await fixture.App.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
                db.Lectures.Where(l => l.CourseId == courseId && l.Date == new DateOnly(2025, 9, 22)).Select(l => l.Id)));
            await fixture.App.CreateUserAsync("browser.lecture-dropper@example.edu", courseId: courseId);
            await fixture.SignInAsync(page, "browser.lecture-dropper@example.edu");
            await page.GotoAsync(Url($"/Staff/Courses/{courseId}/Lectures/Edit/{lectureId}"));
            await page.Locator("#upload-title").FillAsync("Dropped slides");

            var pdf = Convert.ToBase64String(TestPdf.Create("dropped on a lecture"));
            await page.EvaluateAsync(@"base64 => {
                const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
                const transfer = new DataTransfer();
                transfer.items.add(new File([bytes], 'dropped-slides.pdf', { type: 'application/pdf' }));
                const zone = document.querySelector('[data-dropzone]');
                for (const type of ['dragenter', 'dragover', 'drop']) {
                    zone.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
                }
            }", pdf);
            await Assertions.Expect(page.Locator(".upload-list li")).ToContainTextAsync("dropped-slides.pdf");
            await page.GetByRole(AriaRole.Button, new() { Name = "Upload to this lecture" }).ClickAsync();

            // The page reloads with the new file in the lecture's list.
            await Assertions.Expect(page.Locator(".lecture-materials table").GetByRole(AriaRole.Link, new() { Name = "Dropped slides" })).ToBeVisibleAsync();
            await page.GotoAsync(Url("/" + DemoSeeder.Slug));
            await Assertions.Expect(page.Locator("#lecture-6").GetByRole(AriaRole.Link, new() { Name = "Dropped slides (PDF, " })).ToBeVisibleAsync();
        });
    }

    [SkippableFact]
    public async Task Dark_mode_follows_the_system_and_keeps_text_readable()
    {
        await fixture.RunAsync("dark-mode", async page =>
        {
            await page.GotoAsync(Url("/" + DemoSeeder.Slug));

            var colors = await page.EvaluateAsync<string[]>(
                "[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color, getComputedStyle(document.querySelector('main a')).color]");
            var background = Rgb(colors[0]);
            Assert.True(Luminance(background) < 0.1, $"background {colors[0]} is not dark");
            Assert.True(Contrast(Rgb(colors[1]), background) >= 7, $"text {colors[1]} on {colors[0]}");
            Assert.True(Contrast(Rgb(colors[2]), background) >= 4.5, $"link {colors[2]} on {colors[0]}");
        }, new BrowserNewContextOptions { ColorScheme = ColorScheme.Dark });
    }

    private static (double R, double G, double B) Rgb(string css)
    {
        var parts = Regex.Matches(css, @"\d+(\.\d+)?").Select(m => double.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return (parts[0], parts[1], parts[2]);
    }

    private static double Luminance((double R, double G, double B) c)
    {
        static double Channel(double v)
        {
            v /= 255;
            return v <= 0.03928 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);
        }

        return (0.2126 * Channel(c.R)) + (0.7152 * Channel(c.G)) + (0.0722 * Channel(c.B));
    }

    private static double Contrast((double, double, double) a, (double, double, double) b)
    {
        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }
}
