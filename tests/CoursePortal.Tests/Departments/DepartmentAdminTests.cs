using System.Net;
using CoursePortal.Accounts;
using CoursePortal.Data;
using CoursePortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Departments;

/// <summary>
/// Departments as the admin keeps them (Admin → Departments), and department admins at work under /Manage: they create
/// courses and give staff access in their own departments, and answer 403/404 on every other department's course,
/// also when a form is posted with another course's or department's id.
/// </summary>
public sealed class DepartmentAdminTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    [Fact]
    public async Task The_admin_creates_renames_and_deletes_a_department_with_a_message_for_each_bad_code()
    {
        await app.CreateUserAsync("dept.keeper@example.edu", admin: true);
        var admin = await app.SignInAsync("dept.keeper@example.edu");

        using var bad = await admin.SubmitFormAsync("/Admin/Departments", new Dictionary<string, string?> { ["Input.Code"] = "9 lives", ["Input.Name"] = "" });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var badDoc = await bad.ReadDocumentAsync();
        Assert.StartsWith("Code: use 1–20 capital letters", badDoc.FieldError("Input.Code"), StringComparison.Ordinal);
        Assert.StartsWith("Name: give the department a name", badDoc.FieldError("Input.Name"), StringComparison.Ordinal);

        using var created = await admin.SubmitFormAsync("/Admin/Departments", new Dictionary<string, string?> { ["Input.Code"] = " ele ", ["Input.Name"] = "Electrical Engineering" });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = await app.WithDbAsync(db => db.Departments.Where(d => d.Code == "ELE").Select(d => d.Id).SingleAsync());

        using var taken = await admin.SubmitFormAsync("/Admin/Departments", new Dictionary<string, string?> { ["Input.Code"] = "Ele", ["Input.Name"] = "Again" });
        Assert.Equal("Code: another department has this code; choose another.", (await taken.ReadDocumentAsync()).FieldError("Input.Code"));
        Assert.Equal(1, await app.WithDbAsync(db => db.Departments.CountAsync(d => d.Code == "ELE")));

        using var renamed = await admin.SubmitFormAsync($"/Admin/Departments/Edit/{id}", new Dictionary<string, string?> { ["Name"] = "Electrical and Computer Engineering" }, "form[action*='handler=Rename']");
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        Assert.Equal("Electrical and Computer Engineering", await app.WithDbAsync(db => db.Departments.Where(d => d.Id == id).Select(d => d.Name).SingleAsync()));

        // A course in it keeps it: the delete is refused with the reason, and the department stays.
        await AddCourseAsync("ele-101-dept", "ELE 101", id);
        var page = await app.GetDocumentAsync(admin, $"/Admin/Departments/Edit/{id}");
        Assert.Null(page.QuerySelector("form[action*='handler=Delete']"));
        var token = page.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        using (var refused = await admin.PostAsync($"/Admin/Departments/Edit/{id}?handler=Delete", new FormUrlEncodedContent([new("__RequestVerificationToken", token)])))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("has 1 course(s)", (await refused.ReadDocumentAsync()).QuerySelector(".form-errors")!.TextContent, StringComparison.Ordinal);
        }

        Assert.True(await app.WithDbAsync(db => db.Departments.AnyAsync(d => d.Id == id)));

        await app.WithDbAsync(db => db.Courses.Where(c => c.DepartmentId == id).ExecuteDeleteAsync());
        using var deleted = await admin.SubmitFormAsync($"/Admin/Departments/Edit/{id}", new Dictionary<string, string?>(), "form[action*='handler=Delete']");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Departments.AnyAsync(d => d.Id == id)));

        var audited = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == "Department").Select(a => a.Action).ToListAsync());
        Assert.Equal(["Create", "Update", "Delete"], audited);
    }

    [Fact]
    public async Task The_admin_makes_an_account_a_department_admin_by_e_mail_and_is_told_when_no_account_has_it()
    {
        await app.CreateUserAsync("dept.granter@example.edu", admin: true);
        var userId = await app.CreateUserAsync("future.chair@example.edu");
        var admin = await app.SignInAsync("dept.granter@example.edu");
        var id = await AddDepartmentAsync("MAT", "Mathematics");

        using var unknown = await admin.SubmitFormAsync($"/Admin/Departments/Edit/{id}", new Dictionary<string, string?> { ["AdminEmail"] = "nobody@example.edu" }, "form[action*='handler=AddAdmin']");
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal("Email of the account: no account has the address nobody@example.edu. Invite the person from Accounts first, then make them an admin here.",
            (await unknown.ReadDocumentAsync()).FieldError("AdminEmail"));
        Assert.Equal(0, await app.WithDbAsync(db => db.DepartmentAdmins.CountAsync(a => a.DepartmentId == id)));

        using var granted = await admin.SubmitFormAsync($"/Admin/Departments/Edit/{id}", new Dictionary<string, string?> { ["AdminEmail"] = "future.chair@example.edu" }, "form[action*='handler=AddAdmin']");
        Assert.Equal(HttpStatusCode.Redirect, granted.StatusCode);
        Assert.True(await app.WithDbAsync(db => db.DepartmentAdmins.AnyAsync(a => a.DepartmentId == id && a.UserId == userId)));

        // The new department admin sees Manage in the staff navigation and their department there.
        var chair = await app.SignInAsync("future.chair@example.edu");
        var manage = await app.GetDocumentAsync(chair, "/Manage");
        Assert.NotNull(manage.QuerySelector("nav.staff-nav a[href='/Manage']"));
        Assert.Contains("MAT Mathematics", manage.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        using var removed = await admin.SubmitFormAsync($"/Admin/Departments/Edit/{id}", new Dictionary<string, string?>(), $"form[action*='userId={userId}']");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.DepartmentAdmins.AnyAsync(a => a.DepartmentId == id)));
        using var after = await chair.GetAsync("/Manage");
        Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
        Assert.Equal(["Create", "Delete"], await app.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == "DepartmentAdmin").Select(a => a.Action).ToListAsync()));
    }

    [Fact]
    public async Task A_department_admin_creates_a_course_in_their_department_and_not_in_another_even_with_a_tampered_id()
    {
        var (mine, other) = (await AddDepartmentAsync("HIS", "History"), await AddDepartmentAsync("ART", "Art"));
        var chair = await DepartmentAdminAsync("his.chair@example.edu", mine);

        using var tampered = await chair.SubmitFormAsync("/Manage/Courses", new Dictionary<string, string?>
        {
            ["Input.Slug"] = "art-200-sneaky", ["Input.Code"] = "ART 200", ["Input.Title"] = "Sneaky", ["Input.TermName"] = "Fall 2025",
            ["Input.DepartmentId"] = other.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.OK, tampered.StatusCode);
        Assert.Equal("Department: choose a department from the list.", (await tampered.ReadDocumentAsync()).FieldError("Input.DepartmentId"));
        Assert.False(await app.WithDbAsync(db => db.Courses.AnyAsync(c => c.Slug == "art-200-sneaky")));

        var form = await app.GetDocumentAsync(chair, "/Manage/Courses");
        Assert.Equal(["HIS History"], form.QuerySelectorAll("select[name='Input.DepartmentId'] option").Select(o => o.TextContent.Trim()));

        using var created = await chair.SubmitFormAsync("/Manage/Courses", new Dictionary<string, string?>
        {
            ["Input.Slug"] = "his-101-fall-2025", ["Input.Code"] = "HIS 101", ["Input.Title"] = "World History", ["Input.TermName"] = "Fall 2025",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var course = await app.WithDbAsync(db => db.Courses.SingleAsync(c => c.Slug == "his-101-fall-2025"));
        Assert.Equal(mine, course.DepartmentId);
        Assert.False(course.IsPublished);

        var index = await app.GetDocumentAsync(chair, "/Manage");
        Assert.Contains("HIS 101 World History", index.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        using var info = await chair.GetAsync($"/Staff/Courses/{course.Id}/Info");
        Assert.Equal(HttpStatusCode.OK, info.StatusCode);
    }

    [Fact]
    public async Task A_department_admin_assigns_and_invites_staff_on_their_course_and_gets_404_on_another_departments_course()
    {
        var (mine, other) = (await AddDepartmentAsync("PHY", "Physics"), await AddDepartmentAsync("CHM", "Chemistry"));
        var chair = await DepartmentAdminAsync("phy.chair@example.edu", mine);
        var myCourse = await AddCourseAsync("phy-101-dept", "PHY 101", mine);
        var theirCourse = await AddCourseAsync("chm-101-dept", "CHM 101", other);
        var taId = await app.CreateUserAsync("phy.ta@example.edu");
        var chemistId = await app.CreateUserAsync("chm.instructor@example.edu", courseId: theirCourse, role: StaffRoles.Instructor);

        using (var assigned = await chair.SubmitFormAsync($"/Manage/Access/{myCourse}", new Dictionary<string, string?> { ["InviteEmail"] = "phy.ta@example.edu", ["InviteRole"] = "TA" }, "form[action*='handler=Invite']"))
        {
            Assert.True(assigned.StatusCode == HttpStatusCode.Redirect, string.Join(" / ", (await assigned.ReadDocumentAsync()).QuerySelectorAll(".field-error, .form-errors").Select(e => e.GetAttribute("data-valmsg-for") + "=" + e.TextContent)));
        }

        Assert.True(await app.WithDbAsync(db => db.CourseAssignments.AnyAsync(a => a.CourseId == myCourse && a.UserId == taId)));

        using (var invited = await chair.SubmitFormAsync($"/Manage/Access/{myCourse}", new Dictionary<string, string?> { ["InviteEmail"] = "new.phy.ta@example.edu", ["InviteRole"] = "TA" }, "form[action*='handler=Invite']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        }

        var link = (await app.GetDocumentAsync(chair, $"/Manage/Access/{myCourse}")).QuerySelector("input.copy-source")?.GetAttribute("value");
        Assert.Contains("/Account/Invitation?token=", link, StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.AccountTokens.AnyAsync(t => t.Email == "new.phy.ta@example.edu" && t.CourseId == myCourse && t.CourseRole == "TA")));

        // Another department's course: 404 on the page, and on every handler with a valid token from my own page.
        using (var get = await chair.GetAsync($"/Manage/Access/{theirCourse}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        }

        var mine1 = await app.GetDocumentAsync(chair, $"/Manage/Access/{myCourse}");
        var token = mine1.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        foreach (var (handler, fields) in new (string, KeyValuePair<string, string>[])[]
        {
            // An address with an account would be assigned at once.
            ("Invite", [new("InviteEmail", "phy.ta@example.edu"), new("InviteRole", "Instructor")]),
            ("Invite", [new("InviteEmail", "hijack@example.edu"), new("InviteRole", "Instructor")]),
            ($"Remove&userId={chemistId}", []),
        })
        {
            using var post = await chair.PostAsync($"/Manage/Access/{theirCourse}?handler={handler}",
                new FormUrlEncodedContent(fields.Prepend(new("__RequestVerificationToken", token))));
            Assert.True(post.StatusCode == HttpStatusCode.NotFound, $"{handler} on another department's course gave {(int)post.StatusCode}");
        }

        Assert.False(await app.WithDbAsync(db => db.CourseAssignments.AnyAsync(a => a.CourseId == theirCourse && a.UserId == taId)));
        Assert.True(await app.WithDbAsync(db => db.CourseAssignments.AnyAsync(a => a.CourseId == theirCourse && a.UserId == chemistId)));
        Assert.False(await app.WithDbAsync(db => db.AccountTokens.AnyAsync(t => t.Email == "hijack@example.edu")));

        // Its staff pages refuse them too, and the admin's pages stay the admin's.
        foreach (var url in new[] { $"/Staff/Courses/{theirCourse}/Info", $"/Staff/Courses/{theirCourse}/Lectures", "/Admin/Departments", "/Admin/Courses" })
        {
            using var refused = await chair.GetAsync(url);
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"GET {url} gave {(int)refused.StatusCode}");
        }
    }

    [Fact]
    public async Task Only_the_admin_or_an_admin_of_both_departments_moves_a_course_on_its_information_page()
    {
        var (a, b, c) = (await AddDepartmentAsync("GEO", "Geosciences"), await AddDepartmentAsync("ENV", "Environment"), await AddDepartmentAsync("ECO", "Economics"));
        var chair = await DepartmentAdminAsync("geo.chair@example.edu", a, b);
        var courseId = await AddCourseAsync("geo-101-dept", "GEO 101", a);
        await app.CreateUserAsync("geo.instructor@example.edu", courseId: courseId, role: StaffRoles.Instructor);
        var instructor = await app.SignInAsync("geo.instructor@example.edu");
        var url = $"/Staff/Courses/{courseId}/Info";
        string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Task<int?> DepartmentAsync() => app.WithDbAsync(db => db.Courses.Where(x => x.Id == courseId).Select(x => x.DepartmentId).SingleAsync());

        // The instructor sees the department but is not offered a choice; a changed value is refused, nothing saved.
        var page = await app.GetDocumentAsync(instructor, url);
        Assert.Null(page.QuerySelector("select[name='Input.DepartmentId']"));
        using (var tampered = await instructor.SubmitFormAsync(url, new Dictionary<string, string?> { ["Input.DepartmentId"] = Id(c), ["Input.Title"] = "Moved by me" }))
        {
            Assert.Equal(HttpStatusCode.OK, tampered.StatusCode);
            Assert.StartsWith("Department: only the admin", (await tampered.ReadDocumentAsync()).FieldError("Input.DepartmentId"), StringComparison.Ordinal);
        }

        Assert.Equal(a, await DepartmentAsync());
        using (var saved = await instructor.SubmitFormAsync(url, new Dictionary<string, string?> { ["Input.Title"] = "Earth" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        Assert.Equal(a, await DepartmentAsync());

        // The department admin moves it between their two departments, not into a third.
        using (var outside = await chair.SubmitFormAsync(url, new Dictionary<string, string?> { ["Input.DepartmentId"] = Id(c) }))
        {
            Assert.StartsWith("Department: only the admin", (await outside.ReadDocumentAsync()).FieldError("Input.DepartmentId"), StringComparison.Ordinal);
        }

        using (var none = await chair.SubmitFormAsync(url, new Dictionary<string, string?> { ["Input.DepartmentId"] = "" }))
        {
            Assert.Equal(HttpStatusCode.OK, none.StatusCode);
        }

        Assert.Equal(a, await DepartmentAsync());
        using (var moved = await chair.SubmitFormAsync(url, new Dictionary<string, string?> { ["Input.DepartmentId"] = Id(b) }))
        {
            Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        }

        Assert.Equal(b, await DepartmentAsync());
    }

    private Task<int> AddDepartmentAsync(string code, string name) =>
        app.WithDbAsync(async db =>
        {
            var department = new Department { Code = code, Name = name };
            db.Departments.Add(department);
            await db.SaveChangesAsync();
            return department.Id;
        });

    private Task<int> AddCourseAsync(string slug, string code, int departmentId) =>
        app.WithDbAsync(async db =>
        {
            var course = new Course { Slug = slug, Code = code, Title = code + " course", TermName = "Fall 2025", TermStart = new DateOnly(2025, 9, 2), TermEnd = new DateOnly(2025, 12, 12), DepartmentId = departmentId };
            course.Lectures.Add(new Lecture { Date = new DateOnly(2025, 9, 4), Topic = "First" });
            db.Courses.Add(course);
            await db.SaveChangesAsync();
            return course.Id;
        });

    private async Task<HttpClient> DepartmentAdminAsync(string email, params int[] departments)
    {
        var userId = await app.CreateUserAsync(email);
        await app.WithDbAsync(async db =>
        {
            db.DepartmentAdmins.AddRange(departments.Select(d => new DepartmentAdmin { DepartmentId = d, UserId = userId }));
            await db.SaveChangesAsync();
        });
        return await app.SignInAsync(email);
    }
}
