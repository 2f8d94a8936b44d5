using CoursePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Accounts;

/// <summary>A course's staff listing (the person on the course page) and the account of the same person.</summary>
public static class StaffListings
{
    /// <summary>
    /// Links the unlinked listings of <paramref name="user"/>'s own address (in <paramref name="courseId"/>, or in every course)
    /// to the account, and names them as the account is named where they showed only the address; saved with the caller's
    /// save. Called wherever an account is made or given a course, so someone listed by a registrar import or by staff before
    /// they had an account is shown under their name. Another address is never linked: a forwarded invitation gives its
    /// holder the course, not the invited person's listing.
    /// </summary>
    public static async Task LinkAsync(PortalDbContext db, PortalUser user, int? courseId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(user.Email))
        {
            return;
        }

        var email = user.Email.Trim().ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862 // Translated to SQL lower(), not run in .NET.
        var listings = await db.StaffMembers
            .Where(s => s.UserId == null && s.Email.ToLower() == email && (courseId == null || s.CourseId == courseId))
            .ToListAsync(cancellationToken);
#pragma warning restore CA1304, CA1311, CA1862
        foreach (var listed in listings)
        {
            listed.UserId = user.Id;
            if (string.Equals(listed.Name.Trim(), listed.Email.Trim(), StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(user.DisplayName))
            {
                listed.Name = user.DisplayName;
            }
        }
    }
}
