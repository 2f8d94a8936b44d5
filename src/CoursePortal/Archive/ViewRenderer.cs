using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace CoursePortal.Archive;

/// <summary>Renders a Razor view to a string, so the static archive uses the very markup of the live page.</summary>
public sealed class ViewRenderer(IRazorViewEngine engine, ITempDataProvider tempData)
{
    public async Task<string> RenderAsync<TModel>(HttpContext context, string viewPath, TModel model)
    {
        var actionContext = new ActionContext(context, context.GetRouteData(), new ActionDescriptor());
        var found = engine.GetView(executingFilePath: null, viewPath, isMainPage: true);
        if (!found.Success)
        {
            throw new InvalidOperationException($"The view {viewPath} was not found.");
        }

        await using var output = new StringWriter();
        var viewData = new ViewDataDictionary<TModel>(new EmptyModelMetadataProvider(), new ModelStateDictionary()) { Model = model };
        var viewContext = new ViewContext(actionContext, found.View, viewData, new TempDataDictionary(context, tempData), output, new HtmlHelperOptions());
        await found.View.RenderAsync(viewContext);
        return output.ToString();
    }
}
