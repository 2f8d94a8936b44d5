using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace CoursePortal.Hosting;

/// <summary>A setting that has a lower bound only ("at least 1"), which a <see cref="RangeAttribute"/> would state with a huge upper bound.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AtLeastAttribute(long minimum) : ValidationAttribute("{0} must be at least {1}.")
{
    public long Minimum { get; } = minimum;

    public override bool IsValid(object? value) => value is null || Convert.ToInt64(value, CultureInfo.InvariantCulture) >= Minimum;

    public override string FormatErrorMessage(string name) => string.Format(CultureInfo.InvariantCulture, ErrorMessageString, name, Minimum);
}
