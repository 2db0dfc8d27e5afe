using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReOptIn.Core.Accounts;
using ReOptIn.Core.Auditing;
using ReOptIn.Web.Auditing;

namespace ReOptIn.Web.Pages.Account;

[AllowAnonymous]
public sealed class SignInModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, AuditTrail audit, TimeProvider clock) : PageModel
{
    [BindProperty] public SignInInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();

        var user = await users.FindByEmailAsync(Input.Email.Trim());
        var result = user is null
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signIn.PasswordSignInAsync(user, Input.Password, Input.RememberMe, lockoutOnFailure: true);

        if (result.IsLockedOut)
        {
            await audit.RecordNowAsync(AuditActions.LockedOut, user!.Email, ct: ct);
            ModelState.AddModelError(string.Empty, "Too many failed attempts: this account is locked for 15 minutes. An admin can unlock it sooner.");
            return Page();
        }
        if (!result.Succeeded)
        {
            if (user is not null)
                await audit.RecordNowAsync(AuditActions.SignInFailed, user.Email, ct: ct);
            // The same words whether or not the account exists.
            ModelState.AddModelError(string.Empty, "That email and password do not match an account.");
            return Page();
        }

        user!.LastSignInAt = clock.GetUtcNow().UtcDateTime;
        await users.UpdateAsync(user);
        if (await users.IsInRoleAsync(user, Roles.Admin))
            await audit.RecordNowAsync(AuditActions.SignedIn, user.Email, actor: await signIn.CreateUserPrincipalAsync(user), ct: ct);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }

    public sealed class SignInInput
    {
        [Required, EmailAddress, Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Required, DataType(DataType.Password), Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Display(Name = "Keep me signed in on this device")]
        public bool RememberMe { get; set; }
    }
}
