namespace CoursePortal.Data;

/// <summary>One uploaded file of a material; the newest is the current one.</summary>
public class MaterialVersion
{
    public int Id { get; set; }
    public int MaterialId { get; set; }
    public Material? Material { get; set; }
    public required string FileHash { get; set; }
    public required string FileName { get; set; }
    public long FileSize { get; set; }
    public DateTime UploadedAt { get; set; }

    /// <summary>Display name of who uploaded it, kept even if the account goes.</summary>
    public string UploadedBy { get; set; } = "";
}
