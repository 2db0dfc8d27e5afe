using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Data;
using ReOptIn.Core.Sending.Dispatch;

namespace ReOptIn.Core.Reporting;

/// <summary>A report and whether a newer one is being built.</summary>
public sealed record ReportView(CampaignReport Report, bool Refreshing);

/// <summary>
/// The report a page or the API shows (ADR-0017): built live for a small campaign; for a large one,
/// the stored snapshot, rebuilt in the background once it is older than
/// <see cref="ReportingOptions.RefreshAfter"/>, and at once when the campaign's status or deadline
/// moved since (a paused or closed campaign is shown as such straight away).
/// </summary>
public sealed class CampaignReports(ReOptInDb db, ReportingOptions options, ReportRefresher refresher, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Null when there is no such campaign.</summary>
    public async Task<ReportView?> GetAsync(int campaignId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var campaign = await db.Campaigns.AsNoTracking().Where(c => c.Id == campaignId)
            .Select(c => new { c.Eligible, c.Status, c.Deadline }).SingleOrDefaultAsync(ct);
        if (campaign is null) return null;
        if (campaign.Eligible < options.LiveBelow)
            return await CampaignReporter.BuildAsync(db, campaignId, now, ct) is { } live ? new ReportView(live, false) : null;

        var snapshot = await db.ReportSnapshots.AsNoTracking().Where(s => s.CampaignId == campaignId && s.Format == ReportSnapshot.CurrentFormat)
            .Select(s => s.Report).SingleOrDefaultAsync(ct);
        var stored = snapshot is null ? null : JsonSerializer.Deserialize<CampaignReport>(snapshot, Json);
        if (stored is null || stored.Status != campaign.Status.ToString() || stored.Deadline != campaign.Deadline)
            return await RefreshAsync(db, campaignId, now, ct) is { } built ? new ReportView(built, false) : null;
        if (now - stored.AsOf < options.RefreshAfter) return new ReportView(stored, false);
        refresher.Request(campaignId);
        return new ReportView(stored, true);
    }

    /// <summary>Builds the report and stores it as the campaign's snapshot, unless a newer one is already there.</summary>
    public static async Task<CampaignReport?> RefreshAsync(ReOptInDb db, int campaignId, DateTime now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var watch = Stopwatch.StartNew();
        var report = await CampaignReporter.BuildAsync(db, campaignId, now, ct);
        if (report is null) return null;
        var json = JsonSerializer.Serialize(report, Json);
        var took = (int)watch.ElapsedMilliseconds;
        using (await WriterGate.EnterAsync(db, ct))
        {
            var existing = await db.ReportSnapshots.SingleOrDefaultAsync(s => s.CampaignId == campaignId, ct);
            if (existing is null) db.ReportSnapshots.Add(new ReportSnapshot(campaignId, now, took, json));
            else if (existing.BuiltAt <= now || existing.Format != ReportSnapshot.CurrentFormat) existing.Replace(now, took, json);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another instance stored its snapshot of the same moment first; either will do.
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
        return report;
    }
}
