namespace CoursePortal.Data;

/// <summary>A save refused by <see cref="StoredRules"/>: nothing of it was written.</summary>
public sealed class StoredRuleException(IReadOnlyList<string> problems) : Exception(string.Join(" ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
