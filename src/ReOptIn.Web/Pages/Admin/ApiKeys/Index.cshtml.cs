using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Accounts;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Data;
using ReOptIn.Web.Accounts;
using ReOptIn.Web.Auditing;

namespace ReOptIn.Web.Pages.Admin.ApiKeys;

public sealed class IndexModel(ReOptInDb db, UserManager<AppUser> users, AuditTrail audit, TimeProvider clock) : PageModel
{
    public sealed record KeyRow(int Id, string Name, string Hint, string Owner, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt);

    [BindProperty] public KeyInput Input { get; set; } = new();

    public IReadOnlyList<KeyRow> Keys { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Owners { get; private set; } = [];

    /// <summary>Set only on the response to the POST that created it; never stored.</summary>
    public string? NewSecret { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input.OwnerId = users.GetUserId(User) ?? "";
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var owner = ModelState.IsValid ? await users.FindByIdAsync(Input.OwnerId) : null;
        if (owner is null)
        {
            if (ModelState.IsValid) ModelState.AddModelError(string.Empty, "Choose the key's owner.");
            await LoadAsync(ct);
            return Page();
        }
        var (key, secret) = StaffAccounts.IssueApiKey(Input.Name.Trim(), owner.Id, clock.GetUtcNow().UtcDateTime);
        db.ApiKeys.Add(key);
        audit.Record(AuditActions.ApiKeyCreated, key.Name, $"owner {owner.Email}");
        await db.SaveChangesAsync(ct);

        // Shown in this response only: no redirect, and no caching of the page.
        Response.Headers.CacheControl = "no-store";
        NewSecret = secret;
        ModelState.Clear();
        Input = new KeyInput { OwnerId = users.GetUserId(User) ?? "" };
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken ct)
    {
        var key = await db.ApiKeys.FindAsync([id], ct);
        if (key is null) return NotFound();
        if (key.RevokedAt is null)
        {
            key.RevokedAt = clock.GetUtcNow().UtcDateTime;
            audit.Record(AuditActions.ApiKeyRevoked, key.Name);
            await db.SaveChangesAsync(ct);
        }
        TempData["Status"] = $"The key “{key.Name}” no longer works.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Keys = await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt)
            .Select(k => new KeyRow(k.Id, k.Name, k.Hint, k.User!.Email ?? k.UserId, k.CreatedAt, k.LastUsedAt, k.RevokedAt))
            .ToListAsync(ct);
        Owners = await db.Users.AsNoTracking().OrderBy(u => u.Email)
            .Select(u => new SelectListItem(u.Email, u.Id))
            .ToListAsync(ct);
    }

    public sealed class KeyInput
    {
        [Required, StringLength(100), Display(Name = "What is it for?")]
        public string Name { get; set; } = "";

        [Required, Display(Name = "Acts as")]
        public string OwnerId { get; set; } = "";
    }
}
