using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Accounts;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Data;
using ReOptIn.Web.Accounts;
using ReOptIn.Web.Auditing;

namespace ReOptIn.Web.Pages.Setup;

/// <summary>The one-time page that creates the first admin; 404 as soon as any account exists.</summary>
[AllowAnonymous]
public sealed class IndexModel(
    ReOptInDb db, FirstRunState firstRun, UserManager<AppUser> users, SignInManager<AppUser> signIn, AuditTrail audit, TimeProvider clock) : PageModel
{
    [BindProperty] public AccountInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await firstRun.NeedsSetupAsync(db, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await firstRun.NeedsSetupAsync(db, ct)) return NotFound();
        if (!ModelState.IsValid) return Page();

        AppUser? user = null;
        // Two people submitting this form at once must not both become the first admin.
        var refusal = await SerializedAccountChange.RunAsync(db, async () =>
        {
            if (await db.Users.AnyAsync(ct)) return AlreadySetUp;
            var (result, created) = await StaffAccounts.CreateAsync(users, Input.Email, Input.Password, Roles.Admin, clock.GetUtcNow().UtcDateTime);
            user = created;
            return result.Succeeded ? null : StaffAccounts.Describe(result);
        }, ct);
        if (refusal is not null)
        {
            ModelState.AddModelError(string.Empty, refusal == SerializedAccountChange.Conflict ? AlreadySetUp : refusal);
            return Page();
        }
        firstRun.MarkSetUp();
        var admin = user!;
        await signIn.SignInAsync(admin, isPersistent: false);
        await audit.RecordNowAsync(AuditActions.SetupCompleted, admin.Email, actor: await signIn.CreateUserPrincipalAsync(admin), ct: ct);
        TempData["Status"] = "Your admin account is ready.";
        return RedirectToPage("/Index");
    }

    private const string AlreadySetUp = "An admin account was created a moment ago, from another browser. Sign in with it, or ask its owner for an account.";

    public sealed class AccountInput
    {
        [Required, EmailAddress, StringLength(256), Display(Name = "Your email address")]
        public string Email { get; set; } = "";

        [Required, StringLength(200, MinimumLength = 12), DataType(DataType.Password), Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Required, Compare(nameof(Password), ErrorMessage = "The two passwords differ."), DataType(DataType.Password), Display(Name = "Password again")]
        public string ConfirmPassword { get; set; } = "";
    }
}
