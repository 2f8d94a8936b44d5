using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CoursePortal.Accounts;

/// <summary>The "new password, twice" fields shared by every form that sets a password.</summary>
public class PasswordFields
{
    [Required, DataType(DataType.Password), StringLength(200, MinimumLength = 10, ErrorMessage = "Use at least 10 characters."), Display(Name = "New password")]
    public string NewPassword { get; set; } = "";

    [Required, DataType(DataType.Password), Compare(nameof(NewPassword), ErrorMessage = "The two passwords differ."), Display(Name = "New password again")]
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
