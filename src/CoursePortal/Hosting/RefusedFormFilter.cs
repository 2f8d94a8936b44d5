using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;

namespace CoursePortal.Hosting;

/// <summary>
/// Marks a POST refused by the antiforgery check — a form left open past its token's life, one from
/// before a sign-in or sign-out, or a form that could not be read at all (a NUL character in a field
/// makes the whole body unreadable) — so the status page says so and offers to reload the form.
/// </summary>
public sealed class RefusedFormFilter : IAlwaysRunResultFilter
{
    public const string Key = "CoursePortal.RefusedForm";

    public const string Message = "This page has expired or its form could not be read, so nothing was saved.";

    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is not IAntiforgeryValidationFailedResult)
        {
            return;
        }

        context.HttpContext.Items[Key] = true;
        if (Materials.UploadLimits.WantsJson(context.HttpContext.Request))
        {
            // The upload script shows this next to the file.
            context.Result = new JsonResult(new { error = Message + " Reload the page and try again." }) { StatusCode = StatusCodes.Status400BadRequest };
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }

    public static bool WasRefused(HttpContext context) => context.Items.ContainsKey(Key);
}
