using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace CoursePortal.Hosting;

/// <summary>
/// The one wording of every form's validation messages: each names its field by its display name and says
/// what to do ("Term starts: enter a date."), whether it comes from model binding (an empty or unreadable
/// value), from a data annotation ([Required], [StringLength], [Range], [EmailAddress], …) or from a page's
/// own rule (named by <see cref="FormRules"/> after the handler ran).
/// </summary>
public sealed class FieldMessages : IBindingMetadataProvider, IValidationMetadataProvider
{
    /// <summary>How much of a refused value a message repeats.</summary>
    private const int EchoLength = 40;

    /// <summary>"Term starts: enter a date."; without a field name, the message alone ("Enter a date.").</summary>
    public static string Named(string? field, string message)
    {
        message = message.TrimEnd('.') + ".";
        if (string.IsNullOrEmpty(field))
        {
            return char.ToUpperInvariant(message[0]) + message[1..];
        }

        if (message.StartsWith(field + ":", StringComparison.Ordinal))
        {
            return message;
        }

        // "Another course has …" reads "Slug: another course has …"; "TA …" or "“x” …" keep their first letter.
        var lowered = message.Length > 1 && char.IsUpper(message[0]) && char.IsLower(message[1])
            ? char.ToLowerInvariant(message[0]) + message[1..]
            : message;
        return $"{field}: {lowered}";
    }

    /// <summary>What a field of this type asks for: "enter a date", "enter a whole number", "choose one of the options".</summary>
    public static string WhatToEnter(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(DateOnly) ? "enter a date"
            : t == typeof(DateTime) || t == typeof(DateTimeOffset) ? "enter a date and time"
            : t == typeof(TimeOnly) ? "enter a time"
            : t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte) ? "enter a whole number"
            : t == typeof(decimal) || t == typeof(double) || t == typeof(float) ? "enter a number"
            : t.IsEnum || t == typeof(bool) ? "choose one of the options"
            : t == typeof(Guid) ? "the form is out of date; reload the page and try again"
            : t == typeof(string) ? "fill this in"
            : "choose or enter a value";
    }

    /// <summary>The messages model binding uses when no field is known (a handler's own parameter, say).</summary>
    public static void Configure(DefaultModelBindingMessageProvider messages) => Configure(messages, null, null);

    public void CreateBindingMetadata(BindingMetadataProviderContext context)
    {
        var provider = new DefaultModelBindingMessageProvider();
        Configure(provider, DisplayName(context.Attributes) ?? context.Key.Name, context.Key.ModelType);
        context.BindingMetadata.ModelBindingMessageProvider = provider;
    }

    /// <summary>
    /// Gives the data annotations that have no message of their own the portal's wording; {0} is the field's
    /// display name, {1} and {2} the attribute's bounds, as <see cref="ValidationAttribute.FormatErrorMessage"/> fills them.
    /// </summary>
    public void CreateValidationMetadata(ValidationMetadataProviderContext context)
    {
        foreach (var attribute in context.ValidationMetadata.ValidatorMetadata.OfType<ValidationAttribute>())
        {
            if (HasOwnMessage(attribute))
            {
                continue;
            }

            var message = attribute switch
            {
                RequiredAttribute => "{0}: " + WhatToEnter(context.Key.ModelType) + ".",
                StringLengthAttribute { MinimumLength: > 0 } => "{0}: use {2} to {1} characters.",
                StringLengthAttribute or MaxLengthAttribute => "{0}: use at most {1} characters.",
                MinLengthAttribute => "{0}: use at least {1} characters.",
                RangeAttribute => "{0}: enter a number from {1} to {2}.",
                EmailAddressAttribute => "{0}: enter an e-mail address, like name@example.edu.",
                UrlAttribute => "{0}: enter an address that starts with http:// or https://.",
                CompareAttribute => "{0}: this differs from {1}.",
                _ => null,
            };
            if (message is not null)
            {
                attribute.ErrorMessage = message;
            }
        }
    }

    /// <summary>
    /// Whether the attribute was given words of its own; [EmailAddress] and its kin report their built-in
    /// English as <see cref="ValidationAttribute.ErrorMessage"/>, so that is compared with a new instance's.
    /// </summary>
    private static bool HasOwnMessage(ValidationAttribute attribute)
    {
        if (attribute.ErrorMessageResourceName is not null)
        {
            return true;
        }

        if (attribute.ErrorMessage is null)
        {
            return false;
        }

        var type = attribute.GetType();
        return type.GetConstructor(Type.EmptyTypes) is null
            || ((ValidationAttribute)Activator.CreateInstance(type)!).ErrorMessage != attribute.ErrorMessage;
    }

    private static string? DisplayName(IReadOnlyList<object> attributes) =>
        attributes.OfType<DisplayAttribute>().FirstOrDefault()?.GetName();

    private static void Configure(DefaultModelBindingMessageProvider messages, string? field, Type? type)
    {
        var what = type is null ? "enter a valid value" : WhatToEnter(type);
        string Refused(string? value) =>
            Named(field, string.IsNullOrEmpty(value) ? what : $"{what}; “{Echo(value)}” is not one");

        messages.SetValueMustNotBeNullAccessor(_ => Named(field, what));
        messages.SetMissingBindRequiredValueAccessor(_ => Named(field, what));
        messages.SetMissingKeyOrValueAccessor(() => Named(field, what));
        messages.SetMissingRequestBodyRequiredValueAccessor(() => Named(field, "the form arrived empty; fill it in and send it again"));
        messages.SetAttemptedValueIsInvalidAccessor((value, _) => Refused(value));
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(Refused);
        messages.SetUnknownValueIsInvalidAccessor(_ => Named(field, what));
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => Named(field, what));
        messages.SetValueIsInvalidAccessor(Refused);
        messages.SetValueMustBeANumberAccessor(_ => Named(field, "enter a number"));
        messages.SetNonPropertyValueMustBeANumberAccessor(() => Named(field, "enter a number"));
    }

    private static string Echo(string value) => value.Length <= EchoLength ? value : value[..EchoLength] + "…";
}
