namespace CoursePortal.Data;

/// <summary>A row that belongs to one course, so staff pages can find it by id only within that course.</summary>
public interface ICourseItem
{
    int Id { get; }
    int CourseId { get; }
}
