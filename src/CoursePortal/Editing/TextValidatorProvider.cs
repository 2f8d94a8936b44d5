using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;

namespace CoursePortal.Editing;

/// <summary>Puts <see cref="TextRules"/> on every text field of every form, so none can store a character no output can carry.</summary>
public sealed class TextValidatorProvider : IModelValidatorProvider
{
    private static readonly TextValidator Validator = new();

    public void CreateValidators(ModelValidatorProviderContext context)
    {
        if (context.ModelMetadata.ModelType == typeof(string))
        {
            context.Results.Add(new ValidatorItem { Validator = Validator, IsReusable = true });
        }
    }

    private sealed class TextValidator : IModelValidator
    {
        public IEnumerable<ModelValidationResult> Validate(ModelValidationContext context) =>
            TextRules.Problem(context.Model as string) is { } problem ? [new ModelValidationResult("", problem)] : [];
    }
}
