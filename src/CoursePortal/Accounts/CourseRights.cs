using System.Collections.Frozen;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace CoursePortal.Accounts;

/// <summary>
/// Who may use which course page, in one place. Every page under <c>/Staff/Courses</c> needs staff of
/// the course; every page not listed in <see cref="TeachingAssistantPages"/> needs its Instructor (or
/// the admin) as well, so a page added later is Instructor-only until someone decides otherwise here.
/// A policy covers every handler of its page: a page never mixes TA and Instructor-only handlers.
/// </summary>
public static class CourseRights
{
    public const string Folder = "/Staff/Courses";

    /// <summary>
    /// What a TA may do: the week-to-week content (lectures, coursework, sections, materials, office hours, announcements) and
    /// the change log. What the course is, when its term runs, who is listed as its staff, whether the
    /// public sees it, copies and exports of it stay with the Instructors.
    /// </summary>
    public static readonly FrozenSet<string> TeachingAssistantPages = FrozenSet.Create(StringComparer.Ordinal,
        $"{Folder}/Lectures/Index",
        $"{Folder}/Lectures/Edit",
        $"{Folder}/Lectures/Reschedule",
        $"{Folder}/Coursework/Index",
        $"{Folder}/Coursework/Edit",
        $"{Folder}/Sections/Index",
        $"{Folder}/Sections/Edit",
        $"{Folder}/Materials/Index",
        $"{Folder}/Materials/Edit",
        $"{Folder}/Materials/Upload",
        $"{Folder}/People/Index",
        $"{Folder}/People/OfficeHour",
        $"{Folder}/Announcements/Index",
        $"{Folder}/Announcements/Edit",
        $"{Folder}/Audit");

    /// <summary>Locks the course pages: course staff for all, and the Instructor for those TAs may not use.</summary>
    public static PageConventionCollection AuthorizeCoursePages(this PageConventionCollection conventions)
    {
        conventions.AuthorizeFolder(Folder, StaffRoles.CourseStaffPolicy);
        conventions.AddFolderApplicationModelConvention(Folder, page =>
        {
            if (!TeachingAssistantPages.Contains(page.ViewEnginePath))
            {
                page.EndpointMetadata.Add(new AuthorizeAttribute(StaffRoles.CourseInstructorPolicy));
            }
        });
        return conventions;
    }
}
