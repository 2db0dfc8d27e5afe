using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReOptIn.Core.Accounts;
using ReOptIn.Web.Accounts;

namespace ReOptIn.Web.Pages.Account;

public sealed class PasswordModel(UserManager<AppUser> users, SignInManager<AppUser> signIn) : PageModel
{
    [BindProperty] public PasswordInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        var result = await users.ChangePasswordAsync(user, Input.Current, Input.New);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(string.Empty, StaffAccounts.Describe(result));
            return Page();
        }
        await signIn.RefreshSignInAsync(user);
        TempData["Status"] = "Your password was changed.";
        return RedirectToPage("/Index");
    }

    public sealed class PasswordInput
    {
        [Required, DataType(DataType.Password), Display(Name = "Current password")]
        public string Current { get; set; } = "";

        [Required, StringLength(200, MinimumLength = 12), DataType(DataType.Password), Display(Name = "New password (at least 12 characters)")]
        public string New { get; set; } = "";
    }
}
