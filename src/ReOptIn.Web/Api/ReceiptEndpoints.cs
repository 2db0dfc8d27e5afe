using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Data;
using ReOptIn.Web.Accounts;
using ReOptIn.Web.Auditing;
using ReOptIn.Web.Confirming;

namespace ReOptIn.Web.Api;

public static class ReceiptEndpoints
{
    /// <summary><c>GET /api/v1/campaigns/{id}/receipts</c>: every consent receipt of a campaign, as JSON lines (admins).</summary>
    public static RouteGroupBuilder MapReceipts(this RouteGroupBuilder api)
    {
        api.MapGet("/campaigns/{id:int}/receipts", ExportAsync).WithName("ExportReceipts").RequireAuthorization(Policies.ApiAdmin)
            .Produces(StatusCodes.Status200OK, contentType: "application/x-ndjson").Produces(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> ExportAsync(int id, ReOptInDb db, AuditTrail audit, HttpContext http, CancellationToken ct)
    {
        if (!await db.Campaigns.AnyAsync(c => c.Id == id, ct)) return Results.NotFound();
        await audit.RecordNowAsync(AuditActions.ReceiptsExported, $"campaign {id}", "api", ct: ct);
        var receipts = db.Receipts.AsNoTracking().Where(r => r.CampaignId == id).OrderBy(r => r.Id).AsAsyncEnumerable();
        return Results.Stream(body => ReceiptDocument.WriteLinesAsync(receipts, body, ct), "application/x-ndjson; charset=utf-8");
    }
}
