using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReOptIn.Core.Accounts;
using ReOptIn.Core.Auditing;
using ReOptIn.Web.Accounts;
using ReOptIn.Web.Auditing;

namespace ReOptIn.Web.Pages.Admin.Users;

public sealed class CreateModel(UserManager<AppUser> users, AuditTrail audit, TimeProvider clock) : PageModel
{
    [BindProperty] public UserInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var (result, user) = await StaffAccounts.CreateAsync(users, Input.Email, Input.Password, Input.Role, clock.GetUtcNow().UtcDateTime);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(string.Empty, StaffAccounts.Describe(result));
            return Page();
        }
        await audit.RecordNowAsync(AuditActions.UserCreated, user.Email, Input.Role, ct: ct);
        TempData["Status"] = $"{user.Email} was added as {Input.Role}.";
        return RedirectToPage("Index");
    }

    public sealed class UserInput
    {
        [Required, EmailAddress, StringLength(256), Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Required, Display(Name = "Role")]
        public string Role { get; set; } = Roles.Marketer;

        [Required, StringLength(200, MinimumLength = 12), DataType(DataType.Password), Display(Name = "Initial password (at least 12 characters)")]
        public string Password { get; set; } = "";
    }
}
