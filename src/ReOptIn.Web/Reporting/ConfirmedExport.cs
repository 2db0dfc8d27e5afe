using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Data;
using ReOptIn.Core.Reporting;
using ReOptIn.Web.Auditing;

namespace ReOptIn.Web.Reporting;

/// <summary>
/// The confirmed-contacts CSV for the page and the API (Admins only: it is personal data). The
/// download is audited before the first byte; <c>Campaign.ConfirmedExportedAt</c>, which lets the
/// retention rule erase confirmed contacts later, is set only once the last row is written.
/// </summary>
public sealed class ConfirmedExport(ReOptInDb db, AuditTrail audit, TimeProvider clock)
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static string FileName(int campaignId) => $"campaign-{campaignId}-confirmed.csv";

    public Task<bool> ExistsAsync(int campaignId, CancellationToken ct) => db.Campaigns.AnyAsync(c => c.Id == campaignId, ct);

    public async Task WriteAsync(int campaignId, Stream body, bool byteOrderMark, string? via, CancellationToken ct)
    {
        var campaign = await db.Campaigns.AsNoTracking().Where(c => c.Id == campaignId)
            .Select(c => new { c.Name, c.Provenance, c.IncentiveCode }).SingleAsync(ct);
        var count = await ConfirmedContactsCsv.Confirmed(db, campaignId).CountAsync(ct);
        await audit.RecordNowAsync(AuditActions.ConfirmedExported, $"campaign {campaignId}",
            $"{count} confirmed contacts as CSV{(byteOrderMark ? " with BOM" : "")}{(via is null ? "" : $" ({via})")}", ct: ct);
        await ConfirmedContactsCsv.WriteAsync(ConfirmedContactsCsv.Rows(db, campaignId), campaign.Name, campaign.Provenance, campaign.IncentiveCode,
            body, byteOrderMark, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Campaigns.Where(c => c.Id == campaignId).ExecuteUpdateAsync(s => s.SetProperty(c => c.ConfirmedExportedAt, now), ct);
    }
}
