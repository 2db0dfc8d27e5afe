using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Data;
using ReOptIn.Web.Auditing;
using ReOptIn.Web.Confirming;

namespace ReOptIn.Web.Pages.Admin.Receipts;

/// <summary>Every receipt of a campaign as JSON lines, streamed; the export is audited.</summary>
public sealed class ExportModel(ReOptInDb db, AuditTrail audit) : PageModel
{
    public async Task<IActionResult> OnGetAsync(int campaignId, CancellationToken ct)
    {
        if (!await db.Campaigns.AnyAsync(c => c.Id == campaignId, ct)) return NotFound();
        await audit.RecordNowAsync(AuditActions.ReceiptsExported, $"campaign {campaignId}", ct: ct);
        Response.ContentType = "application/x-ndjson; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"campaign-{campaignId}-receipts.jsonl\"";
        var receipts = db.Receipts.AsNoTracking().Where(r => r.CampaignId == campaignId).OrderBy(r => r.Id).AsAsyncEnumerable();
        await ReceiptDocument.WriteLinesAsync(receipts, Response.Body, ct);
        return new EmptyResult();
    }
}
