using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CoursePortal.Accounts;

/// <summary>The "new password, twice" fields shared by every form that sets a password.</summary>
public class PasswordFields
{
    public const int MinLength = 10;

    /// <summary>Longer than any passphrase a person types; a far longer field is refused before it is hashed.</summary>
    public const int MaxLength = 200;

    /// <summary>What the sign-in form takes: more than any new password may have, so older and configured ones still work.</summary>
    public const int SignInMaxLength = 1024;

    [Required, DataType(DataType.Password), StringLength(MaxLength, MinimumLength = MinLength), Display(Name = "New password")]
    public string NewPassword { get; set; } = "";

    [Required, DataType(DataType.Password), StringLength(MaxLength), Compare(nameof(NewPassword)), Display(Name = "New password again")]
    public string ConfirmPassword { get; set; } = "";

    /// <summary>Shows Identity's refusals next to the new-password field.</summary>
    public static void AddErrors(ModelStateDictionary modelState, IdentityResult result, string prefix = "Input")
    {
        foreach (var error in result.Errors)
        {
            modelState.AddModelError($"{prefix}.{nameof(NewPassword)}", error.Description);
        }
    }
}
