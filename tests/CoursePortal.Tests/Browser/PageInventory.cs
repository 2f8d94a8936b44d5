using CoursePortal.Data;
using CoursePortal.Demo;
using CoursePortal.Tests.Infrastructure;
using CoursePortal.Tests.Staff;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Tests.Browser;

/// <summary>
/// Every page a person can open: the public ones, and every staff and admin page found through routing
/// (so a new page is checked without touching the tests), filled with real ids of the demo course.
/// </summary>
public static class PageInventory
{
    /// <summary>The public pages, with a course long enough to show its schedule in part and one with coursework and sections (added here when missing).</summary>
    public static async Task<IReadOnlyList<string>> PublicAsync(PortalApplication app)
    {
        await Courses.LongScheduleTests.AddLongCourseAsync(app);
        await Courses.CourseworkPageTests.AddShowcaseCourseAsync(app);
        return ["/", "/" + DemoSeeder.Slug, "/" + Courses.CourseworkPageTests.ShowcaseSlug, $"/{DemoSeeder.Slug}/schedule", "/" + Courses.LongScheduleTests.Slug, "/search?q=diffusion", "/Account/Login", "/Account/SsoFailed?reason=denied", "/no-such-page"];
    }

    public static async Task<IReadOnlyList<string>> StaffAsync(PortalApplication app)
    {
        var courseId = await app.CourseIdAsync(DemoSeeder.Slug);
        var (staffId, hourId, lectureId, fileId, announcementId) = await app.WithDbAsync(async db => (
            await db.StaffMembers.Where(s => s.CourseId == courseId).Select(s => s.Id).FirstAsync(),
            await db.OfficeHours.Where(o => o.StaffMember!.CourseId == courseId).Select(o => o.Id).FirstAsync(),
            await db.Lectures.Where(l => l.CourseId == courseId).Select(l => l.Id).FirstAsync(),
            await db.Materials.Where(m => m.CourseId == courseId && m.Kind == MaterialKind.File).Select(m => m.Id).FirstAsync(),
            await db.Announcements.Where(a => a.CourseId == courseId).Select(a => a.Id).FirstAsync()));

        var routed = (await StaffPages.AllAsync(app.Services))
            .Where(p => p.HasGet && (p.ViewPath.StartsWith("/Staff/", StringComparison.Ordinal) || p.ViewPath.StartsWith("/Admin/", StringComparison.Ordinal)))
            .Select(p => StaffPages.Url(p, courseId, new Dictionary<string, int> { ["staffId"] = staffId }));
        var withItems = new[]
        {
            $"/Staff/Courses/{courseId}/Lectures/Edit/{lectureId}",
            $"/Staff/Courses/{courseId}/Materials/Edit/{fileId}",
            $"/Staff/Courses/{courseId}/People/Edit/{staffId}",
            $"/Staff/Courses/{courseId}/People/{staffId}/OfficeHour/{hourId}",
            $"/Staff/Courses/{courseId}/Announcements/Edit/{announcementId}",
            "/Account",
            "/Account/ChangePassword",
        };
        return routed.Concat(withItems).Distinct().ToList();
    }
}
