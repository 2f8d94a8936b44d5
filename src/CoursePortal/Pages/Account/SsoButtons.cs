using CoursePortal.Accounts;

namespace CoursePortal.Pages.Account;

/// <summary>The model of _SsoButtons: the providers, the page handler that starts a sign-in, and fields each form carries.</summary>
public sealed record SsoButtons(IReadOnlyList<SsoProviderOptions> Providers, string Handler, IReadOnlyDictionary<string, string?> Hidden);
