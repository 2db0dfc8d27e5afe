using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Accounts;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Data;
using ReOptIn.Web.Accounts;
using ReOptIn.Web.Auditing;

namespace ReOptIn.Web.Pages.Admin.Users;

/// <summary>Admins list people, change their role, unlock and remove them. The last admin cannot be removed or demoted.</summary>
public sealed class IndexModel(ReOptInDb db, UserManager<AppUser> users, AuditTrail audit, TimeProvider clock) : PageModel
{
    public sealed record Row(string Id, string Email, string Role, DateTime? LastSignInAt, bool LockedOut, bool IsYou);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostRoleAsync(string id, string role, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null) return NotFound();
        if (!Roles.All.Contains(role)) return BadRequest();
        string? current = null;
        var refusal = await SerializedAccountChange.RunAsync(db, async () =>
        {
            current = (await users.GetRolesAsync(user)).FirstOrDefault();
            if (current == role) return null;
            if (current == Roles.Admin && await IsLastAdminAsync()) return LastAdmin;
            if (current is not null) await users.RemoveFromRoleAsync(user, current);
            await users.AddToRoleAsync(user, role);
            // The person's cookie is re-checked within a minute (SecurityStampValidatorOptions); API keys at once.
            await users.UpdateSecurityStampAsync(user);
            return null;
        }, ct);
        if (refusal is not null) return await FailAsync(refusal, ct);
        if (current == role) return RedirectToPage();
        await audit.RecordNowAsync(AuditActions.UserRoleChanged, user.Email, $"{current} → {role}", ct: ct);
        TempData["Status"] = $"{user.Email} is now {role}.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostUnlockAsync(string id, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null) return NotFound();
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await audit.RecordNowAsync(AuditActions.UserUnlocked, user.Email, ct: ct);
        TempData["Status"] = $"{user.Email} can sign in again.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string id, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null) return NotFound();
        if (user.Id == users.GetUserId(User))
            return await FailAsync("You cannot remove your own account.", ct);
        var refusal = await SerializedAccountChange.RunAsync(db, async () =>
        {
            if (await users.IsInRoleAsync(user, Roles.Admin) && await IsLastAdminAsync()) return LastAdmin;
            var deleted = await users.DeleteAsync(user);
            return deleted.Succeeded ? null : StaffAccounts.Describe(deleted);
        }, ct);
        if (refusal is not null) return await FailAsync(refusal, ct);
        await audit.RecordNowAsync(AuditActions.UserDeleted, user.Email, ct: ct);
        TempData["Status"] = $"{user.Email} was removed, with their API keys.";
        return RedirectToPage();
    }

    private const string LastAdmin = "There must always be at least one admin.";

    // Inside the serializable transaction, so two admins demoting each other cannot both pass it.
    private async Task<bool> IsLastAdminAsync() => (await users.GetUsersInRoleAsync(Roles.Admin)).Count <= 1;

    private async Task<IActionResult> FailAsync(string message, CancellationToken ct)
    {
        ModelState.AddModelError(string.Empty, message);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var me = users.GetUserId(User);
        var now = clock.GetUtcNow();
        var roleOf = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name })
            .ToDictionaryAsync(x => x.UserId, x => x.Name ?? "", ct);
        var list = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(ct);
        Rows = list.Select(u => new Row(u.Id, u.Email ?? u.UserName ?? u.Id, roleOf.GetValueOrDefault(u.Id, ""), u.LastSignInAt,
            u.LockoutEnd is { } end && end > now, u.Id == me)).ToList();
    }
}
