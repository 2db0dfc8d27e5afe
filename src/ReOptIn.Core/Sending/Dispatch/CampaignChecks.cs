using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Data;

namespace ReOptIn.Core.Sending.Dispatch;

/// <summary>After each group: is the campaign done, and do its bounces or complaints call for a pause?</summary>
internal static class CampaignChecks
{
    // The rates need a count over the campaign's finished requests, which grows with the send: judge them
    // at most every AutoPause.CheckEvery per campaign (in this process), not after every group.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, DateTime> LastRateCheck = new();

    public static async Task AfterGroupAsync(ReOptInDb db, int campaignId, DispatchOptions options, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Done when nothing is waiting, deferred or on its way. One statement, so two instances cannot both decide.
        await db.Campaigns
            .Where(c => c.Id == campaignId && c.Status == CampaignStatus.Sending
                && !db.Requests.Any(r => r.CampaignId == campaignId && (r.State == RequestState.Queued || r.State == RequestState.Deferred || r.State == RequestState.Sending)))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CampaignStatus.Sent), ct);

        if (LastRateCheck.TryGetValue(campaignId, out var last) && now - last < options.AutoPause.CheckEvery) return;
        LastRateCheck[campaignId] = now;
        var counts = await db.Requests.Where(r => r.CampaignId == campaignId && r.State != RequestState.Queued && r.State != RequestState.Deferred && r.State != RequestState.Sending)
            .GroupBy(r => r.State).Select(g => new { State = g.Key, Count = g.Count() }).ToListAsync(ct);
        int Count(params RequestState[] states) => counts.Where(c => states.Contains(c.State)).Sum(c => c.Count);
        var attempted = Count([.. Enum.GetValues<RequestState>()]);
        if (attempted < options.AutoPause.MinimumSends) return;
        var hard = Count(RequestState.Bounced, RequestState.Failed);
        var complaints = Count(RequestState.Complained);
        string? reason = null;
        if ((double)hard / attempted > options.AutoPause.HardBounceRate)
            reason = string.Create(CultureInfo.InvariantCulture, $"Paused automatically: {hard} of {attempted} sends bounced or were refused ({(double)hard / attempted:P1}, above {options.AutoPause.HardBounceRate:P1}). Check the list and the relay before resuming.");
        else if ((double)complaints / attempted > options.AutoPause.ComplaintRate)
            reason = string.Create(CultureInfo.InvariantCulture, $"Paused automatically: {complaints} of {attempted} sends were reported as spam ({(double)complaints / attempted:P2}, above {options.AutoPause.ComplaintRate:P2}).");
        if (reason is null) return;
        await db.Campaigns.Where(c => c.Id == campaignId && c.Status == CampaignStatus.Sending)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CampaignStatus.Paused).SetProperty(c => c.PauseReason, reason), ct);
    }
}
