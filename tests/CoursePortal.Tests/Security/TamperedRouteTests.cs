using System.Net;
using System.Text.RegularExpressions;
using CoursePortal.Accounts;
using CoursePortal.Data;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using CoursePortal.Tests.Staff;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Security;

/// <summary>
/// Every staff page and handler with tampered route values — negative, zero, huge, not a number, or the
/// ids of another course's items — answers 404, 400 or 403: never a server error, never the other course's data.
/// </summary>
public sealed partial class TamperedRouteTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    [GeneratedRegex(@"\{([a-zA-Z]+)(:[^}]*)?\??\}")]
    private static partial Regex Parameter();

    [Fact]
    public async Task Tampered_ids_never_give_a_server_error_or_another_courses_data()
    {
        var courseA = await app.CourseIdAsync(DemoSeeder.Slug);
        var (courseB, idsOfB) = await CourseBAsync();
        // An Instructor of course A passes the policy of every course page, so every handler sees the tampered values.
        await app.CreateUserAsync("tamper.instructor@example.edu", courseId: courseA, role: StaffRoles.Instructor);
        var instructor = await app.SignInAsync("tamper.instructor@example.edu");
        var form = await app.GetDocumentAsync(instructor, $"/Staff/Courses/{courseA}/Lectures");
        var token = form.QuerySelector("input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        var bad = new[] { "-1", "0", "2147483647", "99999999999", "abc", "1e3", "%2e%2e" };
        var checkedRequests = 0;

        foreach (var page in (await StaffPages.AllAsync(app.Services)).Where(p => p.ViewPath.StartsWith("/Staff/Courses/", StringComparison.Ordinal)))
        {
            var names = Parameter().Matches(page.RouteTemplate).Select(m => m.Groups[1].Value).ToList();
            var variants = new List<Dictionary<string, string>>();
            foreach (var name in names)
            {
                variants.AddRange(bad.Select(b => names.ToDictionary(n => n, n => n == name ? b : Default(n, courseA))));
                if (name != "courseId")
                {
                    variants.Add(names.ToDictionary(n => n, n => n == name ? idsOfB[name] : Default(n, courseA)));
                }
            }

            foreach (var values in variants)
            {
                var url = "/" + Parameter().Replace(page.RouteTemplate.TrimStart('/'), m => values[m.Groups[1].Value]);
                foreach (var handler in page.PostHandlers.Select(h => (string?)h).Prepend(page.HasGet ? "GET" : null).OfType<string>())
                {
                    using var response = handler == "GET"
                        ? await instructor.GetAsync(url)
                        : await instructor.PostAsync(handler.Length == 0 ? url : $"{url}?handler={handler}&id={values.GetValueOrDefault("id", idsOfB["id"])}",
                            new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
                    var body = await response.Content.ReadAsStringAsync();
                    Assert.True((int)response.StatusCode < 500, $"{handler} {url} gave {(int)response.StatusCode}: {string.Join("\n", app.Logs.Messages.Where(m => m.Contains("Exception", StringComparison.Ordinal)).TakeLast(1))}");
                    Assert.DoesNotContain("Secret of course B", body, StringComparison.Ordinal);
                    checkedRequests++;
                }
            }
        }

        Assert.True(checkedRequests > 100, $"only {checkedRequests} requests made");
        Assert.Equal("Secret of course B", await app.WithDbAsync(db => db.Lectures.Where(l => l.CourseId == courseB).Select(l => l.Topic).SingleAsync()));
        Assert.Equal(1, await app.WithDbAsync(db => db.Materials.CountAsync(m => m.CourseId == courseB)));
    }

    private static string Default(string name, int courseA) => name == "courseId" ? courseA.ToString(System.Globalization.CultureInfo.InvariantCulture) : "1";

    private Task<(int CourseId, Dictionary<string, string> Ids)> CourseBAsync() => app.WithDbAsync(async db =>
    {
        var b = new Course { Slug = "tamper-b", Code = "B", Title = "Course B", TermName = "Fall 2025", IsPublished = false };
        var member = new StaffMember { Name = "Secret of course B", Role = "Instructor" };
        member.OfficeHours.Add(new OfficeHour { Weekday = DayOfWeek.Friday, Start = new(9, 0), End = new(10, 0), Place = "Secret of course B" });
        b.Staff.Add(member);
        var lecture = new Lecture { Date = new(2025, 9, 5), Topic = "Secret of course B" };
        b.Lectures.Add(lecture);
        b.Materials.Add(new Material { Title = "Secret of course B", Kind = MaterialKind.Link, Url = "https://example.edu/b", Lecture = lecture });
        b.Announcements.Add(new Announcement { Title = "Secret of course B", PublishAt = DateTime.UnixEpoch });
        db.Courses.Add(b);
        await db.SaveChangesAsync();
        var text = (int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return (b.Id, new Dictionary<string, string>
        {
            ["id"] = text(lecture.Id),
            ["staffId"] = text(member.Id),
            ["versionId"] = "1",
            ["courseId"] = text(b.Id),
        });
    });
}
