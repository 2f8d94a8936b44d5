using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Materials;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Staff.Courses.Materials;

/// <summary>The lectures and coursework items of a course a material can belong to: the one "For" choice of the upload and edit forms.</summary>
public sealed record MaterialPlaces(IReadOnlyList<Lecture> Lectures, IReadOnlyList<CourseworkItem> Items)
{
    public static readonly MaterialPlaces None = new([], []);

    public static async Task<MaterialPlaces> LoadAsync(PortalDbContext db, int courseId, CancellationToken cancellationToken) => new(
        await db.Lectures.AsNoTracking().Where(l => l.CourseId == courseId).InScheduleOrder().ToListAsync(cancellationToken),
        await db.CourseworkItems.AsNoTracking().Where(i => i.CourseId == courseId).InScheduleOrder().ToListAsync(cancellationToken));

    /// <summary>The place a form value names, when it is of this course; null otherwise (<see cref="MaterialPlace.ChooseMessage"/>).</summary>
    public MaterialPlace? Find(string? value) => MaterialPlace.InCourse(value, Lectures.Select(l => l.Id), Items.Select(i => i.Id));
}

/// <summary>The "For" select: its field name, the value chosen, the places offered.</summary>
public sealed record MaterialForField(string Name, string? Selected, MaterialPlaces Places);
