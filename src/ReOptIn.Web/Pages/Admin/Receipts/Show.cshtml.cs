using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Data;
using ReOptIn.Web.Auditing;
using ReOptIn.Web.Confirming;

namespace ReOptIn.Web.Pages.Admin.Receipts;

/// <summary>One consent receipt: a page to print, or the JSON file (?handler=Json, audited).</summary>
public sealed class ShowModel(ReOptInDb db, AuditTrail audit) : PageModel
{
    public ReceiptDocument Receipt { get; private set; } = null!;

    public string CampaignName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        return Page();
    }

    public async Task<IActionResult> OnGetJsonAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        await audit.RecordNowAsync(AuditActions.ReceiptExported, $"receipt {id}", $"campaign {Receipt.CampaignId}, request {Receipt.RequestId}", ct: ct);
        var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(Receipt, ReceiptDocument.Json);
        return File(json, "application/json", $"consent-receipt-{id}.json");
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var receipt = await db.Receipts.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (receipt is null) return false;
        Receipt = ReceiptDocument.From(receipt);
        CampaignName = await db.Campaigns.Where(c => c.Id == receipt.CampaignId).Select(c => c.Name).FirstAsync(ct);
        return true;
    }
}
