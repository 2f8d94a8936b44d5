using System.Globalization;
using CoursePortal.Courses;
using CoursePortal.Data;
using CoursePortal.Editing;
using CoursePortal.Hosting;
using CoursePortal.Materials;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CoursePortal.Pages.Staff.Courses.Materials;

/// <summary>
/// Uploads PDFs, streamed rather than buffered: the script sends one file per request (with a progress
/// bar each) and the antiforgery token in a header; without the script, the form posts all files at once.
/// </summary>
[DisableFormBinding]
public sealed class UploadModel(PortalDbContext db, MaterialUploads uploads, TimeProvider clock) : CoursePageModel(db)
{
    public MaterialPlaces Places { get; private set; } = MaterialPlaces.None;

    /// <summary>The file material being replaced, when <c>?replace=</c> names one.</summary>
    public Material? Replacing { get; private set; }

    /// <summary>The "For" value chosen when the page opens (a <see cref="MaterialPlace"/> value).</summary>
    public string SelectedFor { get; private set; } = "";

    public IReadOnlyList<MaterialUploads.Outcome> Outcomes { get; private set; } = [];

    /// <summary>The lecture whose edit page sent the upload, to return to when it is done.</summary>
    public int? ReturnToLecture { get; private set; }

    public long MaxBytes => uploads.MaxBytes;

    /// <summary>
    /// The files go to <paramref name="lectureId"/> or <paramref name="courseworkItemId"/> unless changed, when one is named
    /// (from their pages); otherwise to the next lecture, the one an upload is most often for.
    /// </summary>
    public async Task<IActionResult> OnGetAsync(int courseId, int? replace, int? lectureId, int? courseworkItemId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(courseId, replace, cancellationToken))
        {
            return NotFound();
        }

        SelectedFor = lectureId is null && courseworkItemId is null ? Places.Suggested : new MaterialPlace(lectureId, lectureId is null ? courseworkItemId : null).Value;
        return Page();
    }

    /// <summary>Receives the files; <paramref name="returnToLecture"/> (the lecture's edit page sent them) is where a plain form post goes back to.</summary>
    public async Task<IActionResult> OnPostAsync(int courseId, int? replace, int? returnToLecture, CancellationToken cancellationToken)
    {
        ReturnToLecture = returnToLecture;
        var json = UploadLimits.WantsJson(Request);
        if (!await LoadAsync(courseId, replace, cancellationToken))
        {
            return NotFound();
        }

        if (!MultipartUpload.IsMultipart(Request))
        {
            return Refuse(json, StatusCodes.Status400BadRequest, "Send the files as a multipart form.");
        }

        var received = new List<MaterialUploads.Received>();
        List<MaterialUploads.Outcome> outcomes;
        IReadOnlyDictionary<string, string> fields;
        try
        {
            try
            {
                fields = await MultipartUpload.ReadAsync(Request, async (fieldsSoFar, fileName, stream) =>
                    received.Add(TargetFrom(fieldsSoFar, out var fieldProblem) is { } target
                        ? await uploads.ReceiveAsync(target, stream, fileName, cancellationToken)
                        : MaterialUploads.Refuse(fileName, fieldProblem!.Value.Message)), cancellationToken);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return Refuse(json, StatusCodes.Status413PayloadTooLarge, $"The upload is larger than the {Formats.FileSize(MaxBytes)} limit.");
            }
            catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException || HttpContext.RequestAborted.IsCancellationRequested)
            {
                // Cut off, malformed, or a stopping server: nothing of it is kept; nobody may be listening.
                return Refuse(json, StatusCodes.Status400BadRequest, MultipartUpload.Malformed);
            }

            // The whole request has arrived: only now is anything kept.
            outcomes = [];
            foreach (var file in received)
            {
                outcomes.Add(await uploads.CommitAsync(file, cancellationToken));
            }
        }
        finally
        {
            received.ForEach(r => r.Dispose());
        }

        if (outcomes.Count == 0)
        {
            // No file to show a wrong field against: the fields still get their messages.
            _ = TargetFrom(fields, out _);
            return Refuse(json, StatusCodes.Status400BadRequest, "Choose at least one PDF file.");
        }

        if (json)
        {
            return new JsonResult(new
            {
                files = outcomes.Select(o => new
                {
                    name = o.FileName,
                    ok = o.Ok,
                    message = o.Message,
                    url = o.MaterialId is { } id ? Url.Content("~/" + CourseQueries.FilePath(Course.Slug, id, o.FileName)) : null,
                }),
            })
            { StatusCode = StatusOf(outcomes) };
        }

        if (outcomes.All(o => o.Ok) && returnToLecture is { } lecture)
        {
            TempData["Flash"] = string.Join(" ", outcomes.Select(o => o.Message));
            return RedirectToPage("/Staff/Courses/Lectures/Edit", new { courseId = Course.Id, id = lecture });
        }

        if (outcomes.All(o => o.Ok))
        {
            return Saved(string.Join(" ", outcomes.Select(o => o.Message)), "/Staff/Courses/Materials/Index");
        }

        Outcomes = outcomes;
        Response.StatusCode = StatusOf(outcomes);
        return Page();
    }

    private static int StatusOf(List<MaterialUploads.Outcome> outcomes) =>
        outcomes.All(o => o.Ok) ? StatusCodes.Status200OK
        : outcomes.Any(o => o.TooLarge) ? StatusCodes.Status413PayloadTooLarge
        : StatusCodes.Status422UnprocessableEntity;

    /// <summary>
    /// Where the files go, from the form's fields; null with the first wrong field's problem when any is wrong (each is
    /// noted next to its field). The fields are read from the stream, not bound, so their messages are named here by their labels.
    /// </summary>
    private MaterialUploads.Target? TargetFrom(IReadOnlyDictionary<string, string> fields, out (string Field, string Message)? problem)
    {
        var problems = new List<(string Field, string Message)>();
        fields.TryGetValue("For", out var rawFor);
        SelectedFor = rawFor ?? "";
        var place = Places.Find(rawFor);
        if (place is null)
        {
            problems.Add(("For", FieldMessages.Named("For", MaterialPlace.ChooseMessage)));
        }

        DateTime? visibleFrom = null;
        if (fields.TryGetValue("VisibleFrom", out var rawFrom) && !string.IsNullOrEmpty(rawFrom))
        {
            if (DateTime.TryParse(rawFrom, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            {
                visibleFrom = LocalTime.ToUtc(local, Zone);
            }
            else
            {
                problems.Add(("VisibleFrom", FieldMessages.Named("Visible from", "Enter a date and time, or leave it empty for at once.")));
            }
        }

        fields.TryGetValue("Title", out var title);
        if (MaterialRules.TitleProblem(title) is { } titleProblem)
        {
            problems.Add(("Title", FieldMessages.Named("Title", titleProblem)));
        }

        foreach (var (field, message) in problems.Where(p => ModelState[p.Field] is not { Errors.Count: > 0 }))
        {
            ModelState.TryAddModelError(field, message);
        }

        problem = problems.Count > 0 ? problems[0] : null;
        var isDraft = fields.TryGetValue("IsDraft", out var draft) && draft.Split(',').Contains("true", StringComparer.OrdinalIgnoreCase);
        return problems.Count > 0 ? null
            : new MaterialUploads.Target(Course.Id, Replacing is null ? place!.Value : MaterialPlace.Of(Replacing), title, isDraft, visibleFrom, Replacing?.Id);
    }

    private IActionResult Refuse(bool json, int status, string message)
    {
        if (json)
        {
            return new JsonResult(new { error = message }) { StatusCode = status };
        }

        ModelState.AddModelError(string.Empty, message);
        Response.StatusCode = status;
        return Page();
    }

    private async Task<bool> LoadAsync(int courseId, int? replace, CancellationToken cancellationToken)
    {
        if (!await LoadCourseAsync(courseId, cancellationToken))
        {
            return false;
        }

        if (replace is { } id)
        {
            Replacing = await Db.Materials.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id && m.CourseId == courseId && m.Kind == MaterialKind.File, cancellationToken);
            if (Replacing is null)
            {
                return false;
            }
        }

        Places = await MaterialPlaces.LoadAsync(Db, Course, clock.GetUtcNow().UtcDateTime, cancellationToken);
        return true;
    }
}
