using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CoursePortal.Hosting;

/// <summary>
/// How every form of the portal binds, so that an empty, missing or hostile field gets its message
/// next to it instead of reaching a handler as something it does not expect.
/// </summary>
public static class FormRules
{
    public static MvcOptions AddPortalFormRules(this MvcOptions options)
    {
        FieldMessages.Configure(options.ModelBindingMessageProvider);
        options.ModelMetadataDetailsProviders.Add(new EmptyStringsStayStrings());
        options.ModelMetadataDetailsProviders.Add(new FieldMessages());
        options.ModelValidatorProviders.Add(new Editing.TextValidatorProvider());
        options.Filters.Add(new ValidateUnboundInput());
        options.Filters.Add(new NameTheFields());
        return options;
    }

    /// <summary>
    /// An empty text field binds as "" rather than null, so a <c>string</c> property is never null
    /// after binding; <c>[Required]</c> still refuses it, with its message.
    /// </summary>
    private sealed class EmptyStringsStayStrings : IDisplayMetadataProvider
    {
        public void CreateDisplayMetadata(DisplayMetadataProviderContext context)
        {
            // [EmailAddress], [Url] and [Phone] accept null, not "": an optional such field stays null when empty.
            if (context.Key.ModelType == typeof(string) && !context.Attributes.OfType<System.ComponentModel.DataAnnotations.DataTypeAttribute>()
                    .Any(a => a.DataType is System.ComponentModel.DataAnnotations.DataType.EmailAddress or System.ComponentModel.DataAnnotations.DataType.Url or System.ComponentModel.DataAnnotations.DataType.PhoneNumber))
            {
                context.DisplayMetadata.ConvertEmptyStringToNull = false;
            }
        }
    }

    /// <summary>
    /// A POST that sends none of a bound model's fields leaves the model unbound, and MVC then skips its
    /// validation: <c>[Required]</c> would let the handler run on defaults. Such a model is validated as it stands.
    /// </summary>
    private sealed class ValidateUnboundInput : IAsyncPageFilter
    {
        public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

        public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
        {
            if (context.HandlerInstance is PageModel page && !HttpMethods.IsGet(context.HttpContext.Request.Method))
            {
                foreach (var property in context.ActionDescriptor.BoundProperties)
                {
                    var prefix = property.BindingInfo?.BinderModelName ?? property.Name;
                    var bound = context.ModelState.Keys.Any(k => k == prefix || k.StartsWith(prefix + ".", StringComparison.Ordinal) || k.StartsWith(prefix + "[", StringComparison.Ordinal));
                    if (!bound && property.ParameterType.IsClass && property.ParameterType != typeof(string)
                        && context.HandlerInstance.GetType().GetProperty(property.Name)?.GetValue(context.HandlerInstance) is { } value)
                    {
                        page.TryValidateModel(value, prefix);
                    }
                }
            }

            await next();
        }
    }

    /// <summary>
    /// A page's own rules ("Choose a day.", "Another course has this address name.") say what is wrong;
    /// once the handler ran, each message next to a field is prefixed with that field's display name, as
    /// <see cref="FieldMessages"/> words binding and data-annotation messages, so every message names its field.
    /// </summary>
    private sealed class NameTheFields : IAsyncPageFilter
    {
        public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

        public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
        {
            var executed = await next();
            if (executed.HandlerInstance is not PageModel page || page.ModelState.IsValid)
            {
                return;
            }

            var metadata = context.HttpContext.RequestServices.GetRequiredService<IModelMetadataProvider>();
            var root = metadata.GetMetadataForType(page.GetType());
            foreach (var (key, entry) in page.ModelState)
            {
                if (key.Length == 0 || entry.Errors.Count == 0 || FieldName(root, key) is not { } name)
                {
                    continue;
                }

                var named = entry.Errors.Select(e => e.ErrorMessage.Length == 0 ? e : new ModelError(FieldMessages.Named(name, e.ErrorMessage))).ToList();
                entry.Errors.Clear();
                named.ForEach(entry.Errors.Add);
            }
        }

        /// <summary>The display name of the field "Input.Rows[2].Topic" names, when it has one.</summary>
        private static string? FieldName(ModelMetadata root, string key)
        {
            ModelMetadata? current = root;
            foreach (var part in key.Split('.'))
            {
                var bracket = part.IndexOf('[', StringComparison.Ordinal);
                current = current?.Properties[bracket < 0 ? part : part[..bracket]];
                if (bracket >= 0)
                {
                    current = current?.ElementMetadata;
                }

                if (current is null)
                {
                    return null;
                }
            }

            return current?.DisplayName;
        }
    }
}
