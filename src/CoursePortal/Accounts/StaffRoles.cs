namespace CoursePortal.Accounts;

/// <summary>The names of roles and policies, in one place.</summary>
public static class StaffRoles
{
    /// <summary>Identity role: manages courses and accounts, may edit every course.</summary>
    public const string Admin = "Admin";

    /// <summary>Course role held through a <see cref="Data.CourseAssignment"/>: everything about the course (see <see cref="CourseRights"/>).</summary>
    public const string Instructor = "Instructor";

    /// <summary>Course role: the course's week-to-week content only (see <see cref="CourseRights"/>).</summary>
    public const string TeachingAssistant = "TA";

    public static readonly string[] CourseRoles = [Instructor, TeachingAssistant];

    /// <summary>Policy: any signed-in, enabled account.</summary>
    public const string StaffPolicy = "Staff";

    /// <summary>Policy: the admin, or staff assigned to the course in the route's <c>courseId</c>.</summary>
    public const string CourseStaffPolicy = "CourseStaff";

    /// <summary>Policy: the admin, or an <see cref="Instructor"/> of the course in the route's <c>courseId</c>.</summary>
    public const string CourseInstructorPolicy = "CourseInstructor";

    /// <summary>Policy: the admin or a department admin (the <c>/Manage</c> folder: courses of the departments they manage).</summary>
    public const string ManagerPolicy = "Manager";

    /// <summary>Policy: the admin only.</summary>
    public const string AdminPolicy = "Admin";
}
