using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CoursePortal.Accounts;
using CoursePortal.Data;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CoursePortal.Tests.Provisioning;

/// <summary>The registrar's file through the admin's pages: upload, preview, apply in the background, re-import, export.</summary>
public sealed class RegistrarImportTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    private const string Header = "Term,Department,Course code,Title,Section,Days,Start,End,Room,Instructors,TAs\n";

    /// <summary>A term and a department of each test's own, so the tests of the class do not see each other's courses.</summary>
    private async Task<(string Term, string Department)> TermAsync(string name, string department)
    {
        await app.WithDbAsync(async db =>
        {
            db.Terms.Add(new Term { Name = name, StartDate = new(2031, 1, 13), EndDate = new(2031, 5, 2) });
            db.Departments.Add(new Department { Code = department, Name = department + " department" });
            await db.SaveChangesAsync();
        });
        return (name, department);
    }

    private async Task<HttpClient> AdminAsync()
    {
        var email = $"registrar.admin.{Guid.NewGuid():n}@example.edu";
        await app.CreateUserAsync(email, admin: true);
        return await app.SignInAsync(email);
    }

    private static async Task<IDocument> PreviewAsync(PortalApplication app, HttpClient admin, byte[] file)
    {
        var page = await app.GetDocumentAsync(admin, "/Admin/Registrar");
        var form = page.QuerySelectorAll<IHtmlFormElement>("main form[enctype='multipart/form-data']").Single();
        using var response = await admin.SubmitFormWithFilesAsync(form, "/Admin/Registrar", new Dictionary<string, string?>(), ("term.csv", "text/csv", file));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadDocumentAsync();
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Previews and applies <paramref name="file"/>; returns the run's key once its run has finished.</summary>
    private async Task<Guid> ApplyAsync(HttpClient admin, byte[] file)
    {
        var preview = await PreviewAsync(app, admin, file);
        using var applied = await admin.SubmitFormAsync(preview, "/Admin/Registrar", new Dictionary<string, string?>(), "main form[action*='handler=Apply']");
        Assert.True(applied.StatusCode == HttpStatusCode.Redirect, $"Apply gave {(int)applied.StatusCode}: {(await applied.ReadDocumentAsync()).QuerySelector("main")?.TextContent}");
        var key = Guid.Parse(applied.Headers.Location!.ToString().Split('/')[^1]);
        await WaitForRunAsync(key);
        return key;
    }

    private async Task WaitForRunAsync(Guid key)
    {
        var clock = Stopwatch.StartNew();
        ProvisioningState state;
        do
        {
            state = await app.WithDbAsync(db => db.ProvisioningRuns.Where(r => r.Key == key).Select(r => r.State).SingleAsync());
            if (state is ProvisioningState.Done or ProvisioningState.Failed)
            {
                return;
            }

            await Task.Delay(20);
        }
        while (clock.Elapsed < Eventually.DefaultTimeout * 2);
        Assert.Fail($"The run is still {state}");
    }

    private static List<(string Line, string Kind, string Notes)> Rows(IDocument page) =>
        page.QuerySelectorAll("main table tbody tr")
            .Select(tr => (tr.Children[0].TextContent.Trim(), tr.GetAttribute("data-kind")!, tr.Children[4].TextContent.Trim())).ToList();

    [Fact]
    public async Task A_file_applies_in_the_background_and_the_same_file_again_is_all_unchanged_and_writes_nothing()
    {
        var (term, dept) = await TermAsync("Spring 2031 A", "RA");
        await app.CreateUserAsync("known.instructor.a@example.edu");
        var admin = await AdminAsync();
        var file = Utf8(Header + $"""
            {term},{dept},RA 101,Machine Learning,L01,MW,11:00,12:20,Friend 101,known.instructor.a@example.edu,new.ta.a@example.edu
            {term},{dept},RA 101,Machine Learning,P01,Th,19:30,20:20,Friend 009,,new.ta.a@example.edu
            {term},{dept},RA 202,Calculus,,TTh,10:00,10:50,Fine 214,,
            """);

        var preview = await PreviewAsync(app, admin, file);
        Assert.Equal(["create", "create", "create"], Rows(preview).Select(r => r.Kind));
        Assert.Contains("/ra-101-spring-2031-a", Rows(preview)[0].Notes, StringComparison.Ordinal);
        Assert.Contains("makes an invitation link", Rows(preview)[0].Notes, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Courses.CountAsync(c => c.TermName == term)));

        var key = await ApplyAsync(admin, file);

        var run = await app.WithDbAsync(db => db.ProvisioningRuns.AsNoTracking().SingleAsync(r => r.Key == key));
        Assert.Equal((ProvisioningState.Done, 3, 3, 3, 0), (run.State, run.TotalRows, run.DoneRows, run.Created, run.Failed));
        // The uploaded file, with a term's e-mail addresses, is not kept once it has run.
        Assert.Empty(run.Content);
        var course = await app.WithDbAsync(db => db.Courses.AsNoTracking().Include(c => c.Department).SingleAsync(c => c.Slug == "ra-101-spring-2031-a"));
        Assert.Equal(("Friend 101", new TimeOnly(11, 0), false, dept, new DateOnly(2031, 1, 13)), (course.Location, course.MeetingStart!.Value, course.IsPublished, course.Department!.Code, course.TermStart));
        var (section, staff, assignments, invitations) = await app.WithDbAsync(async db => (
            await db.Sections.AsNoTracking().SingleAsync(s => s.CourseId == course.Id),
            await db.StaffMembers.AsNoTracking().Where(s => s.CourseId == course.Id).OrderBy(s => s.SortOrder).Select(s => new { s.Email, s.Role, s.UserId }).ToListAsync(),
            await db.CourseAssignments.AsNoTracking().Where(a => a.CourseId == course.Id).Select(a => a.Role).ToListAsync(),
            await db.AccountTokens.AsNoTracking().Where(t => t.CourseId == course.Id).Select(t => new { t.Email, t.CourseRole }).ToListAsync()));
        Assert.Equal(("P01", "Friend 009"), (section.Name, section.Room));
        // Whoever a section's row names leads it.
        Assert.Equal(["new.ta.a@example.edu"], await app.WithDbAsync(db => db.Sections.Where(s => s.Id == section.Id)
            .SelectMany(s => s.Leaders.Select(l => l.StaffMember!.Email)).ToListAsync()));
        Assert.Contains("Led by new.ta.a@example.edu.", Rows(preview)[1].Notes, StringComparison.Ordinal);
        Assert.Equal(["known.instructor.a@example.edu", "new.ta.a@example.edu"], staff.Select(s => s.Email));
        Assert.NotNull(staff[0].UserId);
        Assert.Equal([StaffRoles.Instructor], assignments);
        Assert.Equal(("new.ta.a@example.edu", StaffRoles.TeachingAssistant), (invitations.Single().Email, invitations.Single().CourseRole));

        // The run is audited as a whole and row by row, under the admin who asked for it.
        var audit = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.EntityType == "ProvisioningRun" && a.EntityId == key.ToString()).SingleAsync());
        Assert.Contains("3 created", audit.Summary, StringComparison.Ordinal);
        Assert.Equal(run.RequestedById, audit.UserId);
        var created = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.CourseId == course.Id && a.Action == "Create" && a.UserId == run.RequestedById)
            .Select(a => a.EntityType).ToListAsync());
        Assert.Equal(["Course", "CourseAssignment", "Section", "StaffMember", "StaffMember"], created.Order(StringComparer.Ordinal));

        var result = await app.GetDocumentAsync(admin, $"/Admin/Registrar/Run/{key}");
        Assert.Contains("3 created", result.QuerySelector("main [role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(3, Rows(result).Count);

        // The same file again: every row unchanged, nothing to apply, nothing written.
        var auditCount = await app.WithDbAsync(db => db.AuditEntries.CountAsync());
        var versions = await app.WithDbAsync(db => db.Courses.Where(c => c.TermName == term).Select(c => c.Version).ToListAsync());
        var again = await PreviewAsync(app, admin, file);
        Assert.Equal(["unchanged", "unchanged", "unchanged"], Rows(again).Select(r => r.Kind));
        Assert.Empty(again.QuerySelectorAll("main form[action*='handler=Apply']"));
        Assert.Contains("Nothing to apply", again.QuerySelector("main [role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(auditCount, await app.WithDbAsync(db => db.AuditEntries.CountAsync()));
        Assert.Equal(versions, await app.WithDbAsync(db => db.Courses.Where(c => c.TermName == term).Select(c => c.Version).ToListAsync()));
        Assert.Equal(1, await app.WithDbAsync(db => db.AccountTokens.CountAsync(t => t.CourseId == course.Id)));
    }

    [Fact]
    public async Task The_preview_names_each_row_create_update_unchanged_or_error_with_its_reason()
    {
        var (term, dept) = await TermAsync("Spring 2031 B", "RB");
        var admin = await AdminAsync();
        await ApplyAsync(admin, Utf8(Header + $"""
            {term},{dept},RB 101,Graphics,L01,TTh,13:30,14:50,CS 104,,
            {term},{dept},RB 102,Systems,L01,MW,9:00,10:20,CS 105,,
            """));

        var preview = await PreviewAsync(app, admin, Utf8(Header + $"""
            {term},{dept},RB 101,Graphics,L01,TTh,13:30,14:50,CS 104,,
            {term},{dept},RB 102,Systems,L01,MW,9:00,10:20,Friend 006,,
            {term},{dept},RB 103,Compilers,L01,F,10:00,11:00,CS 302,,
            Fall 2099,{dept},RB 104,Databases,L01,F,10:00,11:00,CS 302,,
            {term},NOPE,RB 105,Networks,L01,F,10:00,11:00,CS 302,,
            """));

        var rows = Rows(preview);
        Assert.Equal(["unchanged", "update", "create", "error", "error"], rows.Select(r => r.Kind));
        Assert.Equal(["2", "3", "4", "5", "6"], rows.Select(r => r.Line));
        Assert.Contains("Room: “CS 105” → “Friend 006”", rows[1].Notes, StringComparison.Ordinal);
        Assert.Contains("/rb-103-spring-2031-b", rows[2].Notes, StringComparison.Ordinal);
        Assert.Contains("no term “Fall 2099”: create it under Admin → Terms", rows[3].Notes, StringComparison.Ordinal);
        Assert.Contains("no department “NOPE”", rows[4].Notes, StringComparison.Ordinal);
        // A file with errors is not offered to apply.
        Assert.Empty(preview.QuerySelectorAll("main form[action*='handler=Apply']"));
        Assert.Contains("Nothing has been applied", preview.QuerySelector("main [role=alert]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_files_are_refused_with_their_messages_and_nothing_is_applied()
    {
        var (term, dept) = await TermAsync("Spring 2031 C", "RC");
        var admin = await AdminAsync();
        var before = await app.WithDbAsync(async db => (await db.Courses.CountAsync(), await db.AuditEntries.CountAsync(), await db.ProvisioningRuns.CountAsync()));

        var latin1 = await PreviewAsync(app, admin, Encoding.Latin1.GetBytes(Header + $"{term},{dept},RC 1,Théorie,L01,MW,10:00,11:00,R,,\n"));
        Assert.Contains("not UTF-8", latin1.FieldError("Upload"), StringComparison.Ordinal);
        Assert.Empty(latin1.QuerySelectorAll("main table"));

        var missing = await PreviewAsync(app, admin, Utf8("Term,Department,Title,Section,Days,Start,End,Room,Instructors,TAs\n" + $"{term},{dept},X,L01,MW,10:00,11:00,R,,\n"));
        Assert.Contains("no column “Course code”", missing.FieldError("Upload"), StringComparison.Ordinal);

        var badTime = await PreviewAsync(app, admin, Utf8(Header + $"""
            {term},{dept},RC 1,Fine,L01,MW,10:00,11:00,R,,
            {term},{dept},RC 2,Bad time,L01,MW,25:00,11:00,R,,
            """));
        var rows = Rows(badTime);
        // The row in error is named; the file as a whole is not offered to apply.
        Assert.Equal([("2", "create"), ("3", "error")], rows.Select(r => (r.Line, r.Kind)));
        Assert.Contains("Start: “25:00” is not a time", rows[1].Notes, StringComparison.Ordinal);
        Assert.Empty(badTime.QuerySelectorAll("main form[action*='handler=Apply']"));

        // Posting the apply form anyway (a hand-made request) still applies nothing.
        var token = badTime.QuerySelector("main input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        using var forced = await admin.PostAsync("/Admin/Registrar?handler=Apply", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["FileContent"] = Convert.ToBase64String(Utf8(Header + $"{term},{dept},RC 2,Bad time,L01,MW,25:00,11:00,R,,\n")),
            ["FileName"] = "bad.csv",
        }));
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        Assert.Equal(before, await app.WithDbAsync(async db => (await db.Courses.CountAsync(), await db.AuditEntries.CountAsync(), await db.ProvisioningRuns.CountAsync())));
    }

    [Fact]
    public async Task The_invitations_of_a_run_download_as_csv_with_links_that_work()
    {
        var (term, dept) = await TermAsync("Spring 2031 D", "RD");
        var admin = await AdminAsync();
        var key = await ApplyAsync(admin, Utf8(Header + $"{term},{dept},RD 1,Optics,L01,MW,10:00,11:00,R,=prof.d@example.edu,ta.d@example.edu\n"));

        var result = await app.GetDocumentAsync(admin, $"/Admin/Registrar/Run/{key}");
        var link = result.QuerySelector("main a[href*='handler=Invitations']")!;
        Assert.Contains("2 invitation links", link.TextContent, StringComparison.Ordinal);
        using var response = await admin.GetAsync(link.GetAttribute("href"));
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Name,E-mail,Course,Role,Invitation link,Expires (UTC)", lines[0]);
        Assert.Equal(3, lines.Length);
        // A value a spreadsheet would run as a formula is written with a leading apostrophe.
        Assert.StartsWith("'=prof.d@example.edu,'=prof.d@example.edu,RD 1 Spring 2031 D,Instructor,http://localhost/Account/Invitation?token=", lines[1], StringComparison.Ordinal);
        var raw = lines[2].Split(',')[4].Split("token=")[1];
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw)));
        Assert.True(await app.WithDbAsync(db => db.AccountTokens.AnyAsync(t => t.TokenHash == hash && t.Email == "ta.d@example.edu")));
        Assert.DoesNotContain(app.Logs.Messages, m => m.Contains(raw, StringComparison.Ordinal));

        // Accepted, the course page's listing (the address until now) becomes the person's account and name.
        var slug = await app.WithDbAsync(db => db.Courses.Where(c => c.TermName == term && c.Code == "RD 1").Select(c => c.Slug).SingleAsync());
        await app.WithDbAsync(async db =>
        {
            (await db.Courses.SingleAsync(c => c.Slug == slug)).IsPublished = true;
            await db.SaveChangesAsync();
        });

        Assert.Contains("ta.d@example.edu", (await app.GetDocumentAsync(app.CreateClient(), "/" + slug)).QuerySelector("#staff")!.TextContent, StringComparison.Ordinal);
        using (var accepted = await app.Browser().SubmitFormAsync($"/Account/Invitation?token={raw}", new Dictionary<string, string?>
        {
            ["Input.Name"] = "Dana Lee",
            ["Input.NewPassword"] = "registrar invited password",
            ["Input.ConfirmPassword"] = "registrar invited password",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        }

        var listed = await app.WithDbAsync(db => db.StaffMembers.AsNoTracking().Include(s => s.User).SingleAsync(s => s.Course!.Slug == slug && s.Email == "ta.d@example.edu"));
        Assert.Equal(("Dana Lee", "ta.d@example.edu"), (listed.Name, listed.User?.Email));
        var staff = (await app.GetDocumentAsync(app.CreateClient(), "/" + slug)).QuerySelector("#staff")!.TextContent;
        Assert.Contains("Dana Lee", staff, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_export_of_the_current_courses_imports_again_as_all_unchanged()
    {
        var (term, dept) = await TermAsync("Spring 2031 E", "RE");
        var admin = await AdminAsync();
        await ApplyAsync(admin, Utf8(Header + $"""
            {term},{dept},RE 1,Optics,L01,MW,10:00,11:00,Room 1,prof.e@example.edu,ta.e@example.edu
            {term},{dept},RE 1,Optics,B01,F,14:00,16:00,Lab 2,,
            """));

        using var export = await admin.GetAsync("/Admin/Registrar?handler=Export");
        Assert.Equal("text/csv", export.Content.Headers.ContentType!.MediaType);
        var bytes = await export.Content.ReadAsByteArrayAsync();
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Contains($"{term},{dept},RE 1,Optics,B01,F,14:00,16:00,Lab 2,,", text, StringComparison.Ordinal);

        var preview = await PreviewAsync(app, admin, bytes);
        var rows = Rows(preview);
        Assert.True(rows.Count >= 3, $"only {rows.Count} rows");
        Assert.All(rows, r => Assert.True(r.Kind == "unchanged", $"line {r.Line} is {r.Kind}: {r.Notes}"));
    }

    [Fact]
    public async Task A_changed_room_time_title_or_staff_applies_as_an_update_of_what_changed_only()
    {
        var (term, dept) = await TermAsync("Spring 2031 F", "RF");
        var admin = await AdminAsync();
        await ApplyAsync(admin, Utf8(Header + $"""
            {term},{dept},RF 1,Optics,L01,MW,10:00,11:00,Room 1,,
            {term},{dept},RF 1,Optics,P01,F,14:00,15:00,Room 2,,
            """));
        var courseId = await app.WithDbAsync(db => db.Courses.Where(c => c.TermName == term).Select(c => c.Id).SingleAsync());
        var sectionVersion = await app.WithDbAsync(db => db.Sections.Where(s => s.CourseId == courseId).Select(s => s.Version).SingleAsync());

        var changed = Utf8(Header + $"""
            {term},{dept},rf-1,Optics and Waves,L01,MW,10:30,11:50,Room 1,,new.ta.f@example.edu
            {term},{dept},RF 1,Optics and Waves,P01,F,14:00,15:00,Room 2,,
            """);
        var preview = await PreviewAsync(app, admin, changed);
        var rows = Rows(preview);
        Assert.Equal(["update", "unchanged"], rows.Select(r => r.Kind));
        Assert.Contains("Title: “Optics” → “Optics and Waves”", rows[0].Notes, StringComparison.Ordinal);
        Assert.Contains("Start: 10:00 → 10:30", rows[0].Notes, StringComparison.Ordinal);
        Assert.Contains("Adds new.ta.f@example.edu as teaching assistant", rows[0].Notes, StringComparison.Ordinal);

        await ApplyAsync(admin, changed);

        var course = await app.WithDbAsync(db => db.Courses.AsNoTracking().SingleAsync(c => c.Id == courseId));
        Assert.Equal(("Optics and Waves", new TimeOnly(10, 30), new TimeOnly(11, 50)), (course.Title, course.MeetingStart!.Value, course.MeetingEnd!.Value));
        Assert.Equal(sectionVersion, await app.WithDbAsync(db => db.Sections.Where(s => s.CourseId == courseId).Select(s => s.Version).SingleAsync()));
        var update = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.CourseId == courseId && a.EntityType == "Course" && a.Action == "Update").Select(a => a.Summary).SingleAsync());
        Assert.Contains("Title: 'Optics' → 'Optics and Waves'", update, StringComparison.Ordinal);

        // The precept's row names its leaders now: one already on the staff, one new; the section is led by both, and
        // the export of the course, imported again, changes nothing.
        var led = Utf8(Header + $"""
            {term},{dept},RF 1,Optics and Waves,L01,MW,10:30,11:50,Room 1,,new.ta.f@example.edu
            {term},{dept},RF 1,Optics and Waves,P01,F,14:00,15:00,Room 2,,new.ta.f@example.edu;second.ta.f@example.edu
            """);
        var ledPreview = Rows(await PreviewAsync(app, admin, led));
        Assert.Equal(["unchanged", "update"], ledPreview.Select(r => r.Kind));
        Assert.Contains("Led by new.ta.f@example.edu, second.ta.f@example.edu (added to its leaders).", ledPreview[1].Notes, StringComparison.Ordinal);
        await ApplyAsync(admin, led);
        Assert.Equal(["new.ta.f@example.edu", "second.ta.f@example.edu"], await app.WithDbAsync(db => db.Sections.Where(x => x.CourseId == courseId)
            .SelectMany(x => x.Leaders.Select(l => l.StaffMember!.Email)).OrderBy(e => e).ToListAsync()));
        Assert.Equal(2, await app.WithDbAsync(db => db.StaffMembers.CountAsync(x => x.CourseId == courseId)));
        // New leaders are a change of the section: a form opened before is refused, and calendars get a new SEQUENCE.
        var ledSection = await app.WithDbAsync(db => db.Sections.AsNoTracking().SingleAsync(x => x.CourseId == courseId));
        Assert.NotEqual(sectionVersion, ledSection.Version);
        Assert.Equal(1, ledSection.Sequence);
        using var export = await admin.GetAsync($"/Admin/Registrar?handler=Export&term={Uri.EscapeDataString(term)}");
        var exported = await export.Content.ReadAsByteArrayAsync();
        Assert.Contains("P01", Encoding.UTF8.GetString(exported), StringComparison.Ordinal);
        Assert.All(Rows(await PreviewAsync(app, admin, exported)), r => Assert.Equal("unchanged", r.Kind));
    }

    [Fact]
    public async Task Of_callers_racing_to_claim_a_queued_run_exactly_one_gets_it()
    {
        var key = Guid.NewGuid();
        await app.WithDbAsync(async db =>
        {
            db.ProvisioningRuns.Add(new ProvisioningRun
            {
                Key = key, State = ProvisioningState.Queued, FileName = "race.csv", Content = Utf8(Header), RequestedById = "nobody", RequestedByName = "Nobody",
            });
            await db.SaveChangesAsync();
        });
        var id = await app.WithDbAsync(db => db.ProvisioningRuns.Where(r => r.Key == key).Select(r => r.Id).SingleAsync());

        // Four claims at once (the app's own background service may be a fifth): never more than one gets the run.
        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await CoursePortal.Provisioning.RegistrarRuns.ClaimAsync(scope.ServiceProvider.GetRequiredService<PortalDbContext>(), TimeProvider.System, CancellationToken.None);
        })));

        Assert.True(claims.Count(c => c?.Id == id) <= 1, $"{claims.Count(c => c?.Id == id)} callers claimed the run");
        Assert.NotEqual(ProvisioningState.Queued, await app.WithDbAsync(db => db.ProvisioningRuns.Where(r => r.Id == id).Select(r => r.State).SingleAsync()));
    }

    /// <summary>A run as an instance that stopped without finishing it leaves it: running, under a claim of its own.</summary>
    private async Task<Guid> LeftRunningAsync(string file, DateTime leaseUntil, int attempts)
    {
        var key = Guid.NewGuid();
        var email = $"registrar.left.{Guid.NewGuid():n}@example.edu";
        await app.CreateUserAsync(email, admin: true);
        await app.WithDbAsync(async db =>
        {
            var admin = await db.Users.SingleAsync(u => u.Email == email);
            var now = app.Clock.GetUtcNow().UtcDateTime;
            db.ProvisioningRuns.Add(new ProvisioningRun
            {
                Key = key, State = ProvisioningState.Running, FileName = "left.csv", Content = Utf8(file), RequestedById = admin.Id, RequestedByName = admin.Email!,
                CreatedAt = now.AddMinutes(-5), StartedAt = now.AddMinutes(-5), Claim = Guid.NewGuid(), LeaseUntil = leaseUntil, Attempts = attempts,
                // It had read its file (of one row) and applied nothing yet.
                TotalRows = 1,
            });
            await db.SaveChangesAsync();
        });
        return key;
    }

    [Fact]
    public async Task A_run_whose_instance_stopped_is_taken_again_once_its_lease_lapses_and_one_still_held_is_not()
    {
        var (term, dept) = await TermAsync("Spring 2031 L", "RL");
        var file = Header + $"{term},{dept},RL 101,Optics,,MW,11:00,12:20,Friend 101,,\n";
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var held = await LeftRunningAsync(Header + $"{term},{dept},RL 202,Waves,,MW,11:00,12:20,Friend 102,,\n", now + TimeSpan.FromMinutes(1), 1);
        var heldClaim = await app.WithDbAsync(db => db.ProvisioningRuns.Where(r => r.Key == held).Select(r => r.Claim).SingleAsync());
        var left = await LeftRunningAsync(file, now - TimeSpan.FromSeconds(1), 1);

        app.Services.GetRequiredService<CoursePortal.Provisioning.RegistrarWakeup>().Wake();
        await WaitForRunAsync(left);

        var run = await app.WithDbAsync(db => db.ProvisioningRuns.AsNoTracking().SingleAsync(r => r.Key == left));
        Assert.Equal((ProvisioningState.Done, 1, 2, (Guid?)null), (run.State, run.Created, run.Attempts, run.Claim));
        Assert.True(await app.WithDbAsync(db => db.Courses.AnyAsync(c => c.Code == "RL 101" && c.TermName == term)));
        var admin = await AdminAsync();
        var page = await app.GetDocumentAsync(admin, $"/Admin/Registrar/Run/{left}");
        Assert.Contains("This run was interrupted", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        // The other instance still holds its run: nobody takes it from it.
        var other = await app.WithDbAsync(db => db.ProvisioningRuns.AsNoTracking().SingleAsync(r => r.Key == held));
        Assert.Equal((ProvisioningState.Running, heldClaim, 1), (other.State, other.Claim, other.Attempts));
        Assert.False(await app.WithDbAsync(db => db.Courses.AnyAsync(c => c.Code == "RL 202")));
    }

    [Fact]
    public async Task A_run_whose_instance_stopped_each_of_three_times_fails_with_what_to_do_and_is_audited()
    {
        var (term, dept) = await TermAsync("Spring 2031 P", "RP");
        var key = await LeftRunningAsync(Header + $"{term},{dept},RP 101,Optics,,MW,11:00,12:20,Friend 101,,\n",
            app.Clock.GetUtcNow().UtcDateTime - TimeSpan.FromSeconds(1), CoursePortal.Provisioning.RegistrarRuns.MaxAttempts);

        app.Services.GetRequiredService<CoursePortal.Provisioning.RegistrarWakeup>().Wake();
        await WaitForRunAsync(key);

        var run = await app.WithDbAsync(db => db.ProvisioningRuns.AsNoTracking().SingleAsync(r => r.Key == key));
        Assert.Equal(ProvisioningState.Failed, run.State);
        Assert.Contains("started 3 times", run.Problem, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Courses.AnyAsync(c => c.Code == "RP 101")));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == "ProvisioningRun" && a.EntityId == key.ToString() && a.UserId == run.RequestedById)));
        var page = await app.GetDocumentAsync(await AdminAsync(), $"/Admin/Registrar/Run/{key}");
        Assert.Contains("The run stopped before it finished: it was started 3 times and stopped each time", page.QuerySelector("main [role=alert]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_instance_that_stops_hands_its_run_back_to_the_queue_but_only_under_its_own_claim()
    {
        // Held for a minute, so the portal's own background service leaves it alone until it is handed back.
        var (term, dept) = await TermAsync("Spring 2031 H", "RH");
        var key = await LeftRunningAsync(Header + $"{term},{dept},RH 101,Optics,,MW,11:00,12:20,Friend 101,,\n", app.Clock.GetUtcNow().UtcDateTime + TimeSpan.FromMinutes(1), 1);
        var (id, claim) = await app.WithDbAsync(async db => await db.ProvisioningRuns.Where(r => r.Key == key).Select(r => new { r.Id, r.Claim }).SingleAsync()) is var r ? (r.Id, r.Claim!.Value) : default;

        async Task<int> ReleaseAsync(Guid asClaim)
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await CoursePortal.Provisioning.RegistrarRuns.ReleaseAsync(scope.ServiceProvider.GetRequiredService<PortalDbContext>(), new(id, asClaim), CancellationToken.None);
        }

        // An instance whose lease lapsed and that another took the run from cannot hand it back.
        Assert.Equal(0, await ReleaseAsync(Guid.NewGuid()));
        Assert.Equal(ProvisioningState.Running, await app.WithDbAsync(db => db.ProvisioningRuns.Where(x => x.Id == id).Select(x => x.State).SingleAsync()));

        Assert.Equal(1, await ReleaseAsync(claim));
        // Back in the queue, not counted as an attempt: the next instance (here the portal's own) takes it and finishes it.
        app.Services.GetRequiredService<CoursePortal.Provisioning.RegistrarWakeup>().Wake();
        await WaitForRunAsync(key);
        var run = await app.WithDbAsync(db => db.ProvisioningRuns.AsNoTracking().SingleAsync(x => x.Id == id));
        Assert.Equal((ProvisioningState.Done, 1, 1), (run.State, run.Created, run.Attempts));
    }
}
