using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Data;
using ReOptIn.Core.Importing;

namespace ReOptIn.Core.Reporting;

/// <summary>
/// A list's report: the outcome of all its completed imports added up by reason (each import's own
/// page shows it alone), and what the campaigns that asked it got from its contacts.
/// </summary>
public sealed record ListReport(int CompletedImports, long RowsRead, long Accepted, long Rejected, long Flagged,
    IReadOnlyList<ReasonCount> RejectedByReason, IReadOnlyList<ListCampaign> Campaigns)
{
    public static async Task<ListReport> BuildAsync(ReOptInDb db, int listId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var jobs = await db.ImportJobs.AsNoTracking().Where(j => j.ListId == listId && j.Status == ImportStatus.Completed)
            .Select(j => new { j.RowsRead, j.Accepted, j.Rejected, j.Flagged, j.RejectedByReasonJson }).ToListAsync(ct);
        var reasons = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var job in jobs.Where(j => j.RejectedByReasonJson is not null))
            foreach (var (reason, count) in JsonSerializer.Deserialize<Dictionary<string, long>>(job.RejectedByReasonJson!) ?? [])
                reasons[reason] = reasons.GetValueOrDefault(reason) + count;

        // The requests whose contact came from this list (SourceListId survives the contacts' erasure),
        // found through the campaigns that use the list, so that the funnel's index serves.
        var campaignIds = await db.Campaigns.AsNoTracking().Where(c => c.Lists.Any(l => l.Id == listId)).Select(c => c.Id).ToListAsync(ct);
        var campaigns = await db.Requests.AsNoTracking().Where(r => campaignIds.Contains(r.CampaignId) && r.SourceListId == listId)
            .GroupBy(r => r.CampaignId)
            .Select(g => new
            {
                CampaignId = g.Key,
                Requests = g.Count(),
                Confirmed = g.Count(r => r.ConfirmedAt != null),
                Bounced = g.Count(r => r.State == RequestState.Bounced),
            })
            .ToListAsync(ct);
        var ids = campaigns.Select(c => c.CampaignId).ToList();
        var names = await db.Campaigns.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);

        return new ListReport(jobs.Count, jobs.Sum(j => j.RowsRead), jobs.Sum(j => j.Accepted), jobs.Sum(j => j.Rejected), jobs.Sum(j => j.Flagged),
            reasons.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Select(r => new ReasonCount(r.Key, r.Value)).ToList(),
            campaigns.OrderByDescending(c => c.CampaignId)
                .Select(c => new ListCampaign(c.CampaignId, names.GetValueOrDefault(c.CampaignId) ?? $"campaign #{c.CampaignId}", c.Requests, c.Confirmed, c.Bounced,
                    CampaignReporter.Percent(c.Confirmed, c.Requests)))
                .ToList());
    }
}

public sealed record ReasonCount(string Reason, long Count);

/// <summary>One campaign's requests to contacts of the list (those whose first list in the campaign it was).</summary>
public sealed record ListCampaign(int CampaignId, string Name, int Requests, int Confirmed, int Bounced, double? ConfirmRate);
