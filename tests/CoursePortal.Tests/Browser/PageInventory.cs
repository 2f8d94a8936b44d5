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
        return ["/", "/" + DemoSeeder.Slug, "/" + Courses.CourseworkPageTests.ShowcaseSlug, $"/{DemoSeeder.Slug}/schedule", "/" + Courses.LongScheduleTests.Slug, "/search?q=diffusion", "/c/tdl/offerings", "/Account/Login", "/Account/SsoFailed?reason=denied", "/no-such-page"];
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

        var (itemId, sectionId) = await CourseworkAndSectionAsync(app, courseId, staffId);
        var departmentId = await DepartmentAsync(app);
        var routed = (await StaffPages.AllAsync(app.Services))
            .Where(p => p.HasGet && (p.ViewPath.StartsWith("/Staff/", StringComparison.Ordinal) || p.ViewPath.StartsWith("/Admin/", StringComparison.Ordinal)
                || p.ViewPath.StartsWith("/Manage/", StringComparison.Ordinal)))
            .Select(p => StaffPages.Url(p, courseId, new Dictionary<string, int> { ["staffId"] = staffId, ["departmentId"] = departmentId }));
        var withItems = new[]
        {
            $"/Staff/Courses/{courseId}/Lectures/Edit/{lectureId}",
            $"/Staff/Courses/{courseId}/Lectures/Reschedule?InsertOn=2025-09-22",
            $"/Staff/Courses/{courseId}/Materials/Edit/{fileId}",
            $"/Staff/Courses/{courseId}/People/Edit/{staffId}",
            $"/Staff/Courses/{courseId}/People/{staffId}/OfficeHour/{hourId}",
            $"/Staff/Courses/{courseId}/Announcements/Edit/{announcementId}",
            $"/Staff/Courses/{courseId}/Coursework/Edit/{itemId}",
            $"/Staff/Courses/{courseId}/Sections/Edit/{sectionId}",
            "/Account",
            "/Account/ChangePassword",
            // The /Manage pages with a term chosen, so their lists and the board's table are checked filled in.
            "/Manage/Rollover?From=Fall%202025",
            "/Manage/Publish?Term=Fall%202025",
            "/Manage/NotReady?Term=Fall%202025",
        };
        return routed.Concat(withItems).Distinct().ToList();
    }

    /// <summary>A department (added here when there is none), so its admin page is checked filled in.</summary>
    private static Task<int> DepartmentAsync(PortalApplication app) =>
        app.WithDbAsync(async db =>
        {
            var department = await db.Departments.OrderBy(d => d.Id).FirstOrDefaultAsync();
            if (department is null)
            {
                department = new Department { Code = "COS", Name = "Computer Science" };
                db.Departments.Add(department);
                await db.SaveChangesAsync();
            }

            return department.Id;
        });

    /// <summary>A coursework item (with a handout) and a section of the demo course, added here when it has none, so their edit pages are checked filled in.</summary>
    private static Task<(int ItemId, int SectionId)> CourseworkAndSectionAsync(PortalApplication app, int courseId, int staffId) =>
        app.WithDbAsync(async db =>
        {
            var item = await db.CourseworkItems.Where(i => i.CourseId == courseId).FirstOrDefaultAsync();
            if (item is null)
            {
                item = new CourseworkItem { CourseId = courseId, Kind = CourseworkKinds.Assignment, Title = "Homework 1", DescriptionMarkdown = "Problems **1–4**.", Date = new DateOnly(2025, 9, 19), Time = new TimeOnly(23, 59) };
                db.CourseworkItems.Add(item);
                db.Materials.Add(new Material { CourseId = courseId, CourseworkItem = item, Title = "Submission site", Kind = MaterialKind.Link, Url = "https://submit.example.edu/hw1" });
            }

            var section = await db.Sections.Where(x => x.CourseId == courseId).FirstOrDefaultAsync();
            if (section is null)
            {
                section = new Section { CourseId = courseId, Name = "Precept P01", Days = Weekdays.Thursday, StartTime = new TimeOnly(15, 0), EndTime = new TimeOnly(15, 50), Room = "Friend 008" };
                section.Leaders.Add(new SectionLeader { StaffMemberId = staffId });
                db.Sections.Add(section);
            }

            await db.SaveChangesAsync();
            return (item.Id, section.Id);
        });
}
