using System.ComponentModel.DataAnnotations;

namespace CoursePortal.Markdown;

/// <summary>
/// <c>[Markdown]</c> on a form property: the text must pass <see cref="MarkdownRules.Problem"/>, and the
/// reason shows next to the field like any other validation message.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MarkdownAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        MarkdownRules.Problem(value as string) is { } problem
            ? new ValidationResult(problem, validationContext.MemberName is { } member ? [member] : null)
            : ValidationResult.Success;
}
