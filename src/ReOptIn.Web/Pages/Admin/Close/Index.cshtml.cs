using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Data;
using ReOptIn.Core.Erasing;
using ReOptIn.Web.Erasing;

namespace ReOptIn.Web.Pages.Admin.Close;

/// <summary>The deadline, closing early (after a confirmation), the confirmed contacts' retention, and the campaign's erasures.</summary>
public sealed class IndexModel(ReOptInDb db, CampaignClosing closing) : PageModel
{
    public Campaign Campaign { get; private set; } = null!;

    public IReadOnlyList<Erasure> Erasures { get; private set; } = [];

    public string? Refusal { get; private set; }

    [BindProperty, Display(Name = "I understand that everyone in this campaign who did not confirm is erased now, and that this cannot be undone.")]
    public bool Confirm { get; set; }

    [BindProperty, Range(0, CampaignClosing.MaxRetentionDays), Display(Name = "Keep confirmed contacts for (days after closing)")]
    public int RetentionDays { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        RetentionDays = Campaign.ConfirmedRetentionDays;
        return Page();
    }

    public async Task<IActionResult> OnPostCloseAsync(int id, CancellationToken ct)
    {
        var outcome = await closing.CloseEarlyAsync(id, Confirm, ct);
        if (outcome.ProblemCode == "not-found") return NotFound();
        if (!outcome.Ok)
        {
            Refusal = outcome.ProblemCode == "not-confirmed" ? "Tick the box to confirm: nothing was closed or erased." : outcome.Problem;
            await LoadAsync(id, ct);
            RetentionDays = Campaign.ConfirmedRetentionDays;
            return Page();
        }
        TempData["Status"] = $"Closed: {outcome.Erasure!.Contacts} contact(s) erased, {outcome.Erasure.Requests} request(s) cleared.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostRetentionAsync(int id, CancellationToken ct)
    {
        var outcome = ModelState.IsValid ? await closing.SetRetentionAsync(id, RetentionDays, ct) : ClosingOutcome.Refused("invalid-retention", null!);
        if (outcome.ProblemCode == "not-found") return NotFound();
        if (!outcome.Ok)
        {
            Refusal = $"Keep confirmed contacts between 0 and {CampaignClosing.MaxRetentionDays} days after closing.";
            await LoadAsync(id, ct);
            return Page();
        }
        TempData["Status"] = $"Confirmed contacts are kept {RetentionDays} day(s) after closing.";
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) is not { } campaign) return false;
        Campaign = campaign;
        Erasures = await db.Erasures.AsNoTracking().Where(e => e.CampaignId == id).OrderByDescending(e => e.Id).ToListAsync(ct);
        return true;
    }
}
