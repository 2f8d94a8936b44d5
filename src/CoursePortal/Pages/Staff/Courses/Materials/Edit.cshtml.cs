using CoursePortal.Courses;
using System.ComponentModel.DataAnnotations;
using CoursePortal.Data;
using CoursePortal.Editing;
using CoursePortal.Materials;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Staff.Courses.Materials;

/// <summary>Adds a link material (http or https) or edits any material's title, place (course, lecture or coursework item) and release.</summary>
public sealed class EditModel(PortalDbContext db, IFileStore files, TimeProvider clock) : CoursePageModel(db)
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public Material? Existing { get; private set; }

    public MaterialPlaces Places { get; private set; } = MaterialPlaces.None;

    /// <summary>Every file uploaded for this material, newest (the current one) first.</summary>
    public IReadOnlyList<MaterialVersion> Versions { get; private set; } = [];

    public sealed class InputModel
    {
        [Required, StringLength(MaterialRules.TitleMaxLength), Display(Name = "Title")]
        public string Title { get; set; } = "";

        [StringLength(MaterialRules.UrlMaxLength), Display(Name = "Address (http or https)")]
        public string? Url { get; set; }

        /// <summary>A <see cref="MaterialPlace"/> value: the course, a lecture or a coursework item.</summary>
        [Display(Name = "For")]
        public string? For { get; set; }

        [Display(Name = "Draft (students do not see it)")]
        public bool IsDraft { get; set; }

        [Display(Name = "Visible from")]
        public DateTime? VisibleFrom { get; set; }

        [Range(0, 1000), Display(Name = "Position in its list")]
        public int SortOrder { get; set; }

        public Guid Version { get; set; }
    }

    /// <summary>A new link goes to <paramref name="lectureId"/> or <paramref name="courseworkItemId"/> when one is named (from their pages).</summary>
    public async Task<IActionResult> OnGetAsync(int courseId, int? id, int? lectureId, int? courseworkItemId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(courseId, id, cancellationToken))
        {
            return NotFound();
        }

        Input.For = new MaterialPlace(lectureId, lectureId is null ? courseworkItemId : null).Value;

        if (Existing is { } m)
        {
            Input = new InputModel
            {
                Title = m.Title, Url = m.Url, For = MaterialPlace.Of(m).Value, IsDraft = m.IsDraft,
                VisibleFrom = LocalTime.ToLocal(m.VisibleFrom, Zone), SortOrder = m.SortOrder, Version = m.Version,
            };
            RememberOriginal(m);
        }

        return Page();
    }

    /// <summary>Saves; <paramref name="returnToLecture"/> (the lecture's edit page added the link) is where it goes back to.</summary>
    public async Task<IActionResult> OnPostAsync(int courseId, int? id, int? returnToLecture, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(courseId, id, cancellationToken))
        {
            return id is { } gone && ViewData["Course"] is not null ? await DeletedMeanwhileAsync<Material>(gone, "material", cancellationToken) : NotFound();
        }

        var isLink = Existing is null || Existing.Kind == MaterialKind.Link;
        if (isLink && !MaterialRules.IsWebAddress(Input.Url))
        {
            ModelState.AddModelError("Input.Url", MaterialRules.LinkMessage);
        }

        var place = Places.Find(Input.For);
        if (place is null)
        {
            ModelState.AddModelError("Input.For", MaterialPlace.ChooseMessage);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var material = id is null ? null : await Db.Materials.SingleOrDefaultAsync(m => m.Id == id && m.CourseId == courseId, cancellationToken);
        if (material is null)
        {
            material = new Material { CourseId = courseId, Title = "", Kind = MaterialKind.Link };
            Db.Materials.Add(material);
        }

        material.Title = Input.Title.Trim();
        if (isLink)
        {
            material.Url = Input.Url!.Trim();
        }

        material.LectureId = place!.Value.LectureId;
        material.CourseworkItemId = place.Value.CourseworkItemId;
        material.IsDraft = Input.IsDraft;
        material.VisibleFrom = LocalTime.ToUtc(Input.VisibleFrom, Zone);
        material.SortOrder = Input.SortOrder;

        if (!await SaveAsync(material, Input.Version, "material", cancellationToken))
        {
            return Page();
        }

        if (returnToLecture is { } lecture)
        {
            TempData["Flash"] = $"Saved “{material.Title}”.";
            return RedirectToPage("/Staff/Courses/Lectures/Edit", new { courseId = Course.Id, id = lecture });
        }

        return Saved($"Saved “{material.Title}”.", "/Staff/Courses/Materials/Index");
    }

    /// <summary>An earlier (or the current) file of the material, for staff only.</summary>
    public async Task<IActionResult> OnGetVersionAsync(int courseId, int id, int versionId, CancellationToken cancellationToken)
    {
        var version = await Db.MaterialVersions.AsNoTracking()
            .SingleOrDefaultAsync(v => v.Id == versionId && v.MaterialId == id && v.Material!.CourseId == courseId, cancellationToken);
        if (version is null)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "private, no-store";
        var disposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(version.FileName);
        return await FileDownloads.ServeAsync(files, HttpContext, version.FileHash, "application/pdf", disposition, null, null, cancellationToken) is { } file
            ? new ResultAction(file)
            : NotFound();
    }

    /// <summary>A minimal-API result answered from a page handler.</summary>
    private sealed class ResultAction(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }

    protected override void SetFormVersion(Guid version) => Input.Version = version;

    /// <summary>Only absolute http and https addresses: never javascript:, data: or a relative path.</summary>
    private async Task<bool> LoadAsync(int courseId, int? id, CancellationToken cancellationToken)
    {
        if (!await LoadCourseAsync(courseId, cancellationToken))
        {
            return false;
        }

        if (id is not null)
        {
            Existing = await Db.Materials.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id && m.CourseId == courseId, cancellationToken);
            if (Existing is null)
            {
                return false;
            }

            Versions = await Db.MaterialVersions.AsNoTracking().Where(v => v.MaterialId == id)
                .OrderByDescending(v => v.UploadedAt).ThenByDescending(v => v.Id).ToListAsync(cancellationToken);
        }

        Places = await MaterialPlaces.LoadAsync(Db, Course, clock.GetUtcNow().UtcDateTime, cancellationToken);
        return true;
    }
}
