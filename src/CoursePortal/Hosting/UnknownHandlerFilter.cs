using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace CoursePortal.Hosting;

/// <summary>
/// Razor Pages renders a page without running any handler when a POST names none it has; for a page
/// that loads its data in handlers that would show an empty page or fail. Such a request gets 404.
/// Pages without handlers (the status pages, which errors re-execute with any method) are left alone.
/// </summary>
public sealed class UnknownHandlerFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerMethod is null && context.ActionDescriptor.HandlerMethods.Count > 0)
        {
            context.Result = new NotFoundResult();
            return;
        }

        await next();
    }
}
