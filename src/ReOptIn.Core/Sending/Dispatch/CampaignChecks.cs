using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Data;

namespace ReOptIn.Core.Sending.Dispatch;

/// <summary>
/// Is a campaign done, and do its bounces or complaints call for a pause? Both run inside the
/// lane's transaction that records a group, so they see its outcomes, and a claim in the same
/// transaction sees the pause.
/// </summary>
internal static class CampaignChecks
{
    /// <summary>Done when nothing is waiting, deferred or on its way. One statement, so two instances cannot both decide.</summary>
    public static Task MarkSentIfDoneAsync(ReOptInDb db, int campaignId, CancellationToken ct) =>
        db.Campaigns
            .Where(c => c.Id == campaignId && c.Status == CampaignStatus.Sending
                && !db.Requests.Any(r => r.CampaignId == campaignId && (r.State == RequestState.Queued || r.State == RequestState.Deferred || r.State == RequestState.Sending)))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CampaignStatus.Sent), ct);

    /// <summary>
    /// After a group's outcomes are written: counts the campaign's finished requests (a scan of its
    /// index entries, which grows with the send) only when <see cref="RateTally.CountDue"/> says so,
    /// and pauses the campaign, with the reason, when a rate is over its limit. <paramref name="tallies"/>: what this
    /// worker knows of each campaign's rates since it last counted them (one per app host: campaign ids are per database).
    /// </summary>
    public static async Task AfterGroupAsync(ReOptInDb db, ConcurrentDictionary<int, RateTally> tallies, int campaignId, int attempted, int refused,
        DispatchOptions options, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var tally = tallies.GetOrAdd(campaignId, _ => new RateTally());
        lock (tally)
        {
            tally.Add(attempted, refused);
            if (!tally.CountDue(options.AutoPause, now)) return;
        }
        var counts = await db.Requests.Where(r => r.CampaignId == campaignId && r.State != RequestState.Queued && r.State != RequestState.Deferred && r.State != RequestState.Sending)
            .GroupBy(r => r.State).Select(g => new { State = g.Key, Count = g.Count() }).ToListAsync(ct);
        int Count(params RequestState[] states) => counts.Where(c => states.Contains(c.State)).Sum(c => c.Count);
        var total = Count([.. Enum.GetValues<RequestState>()]);
        var hard = Count(RequestState.Bounced, RequestState.Failed);
        var complaints = Count(RequestState.Complained);
        lock (tally) tally.Counted(total, hard, now);
        var reason = PauseReason(total, hard, complaints, options.AutoPause);
        if (reason is null) return;
        await db.Campaigns.Where(c => c.Id == campaignId && c.Status == CampaignStatus.Sending)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CampaignStatus.Paused).SetProperty(c => c.PauseReason, reason), ct);
    }

    /// <summary>Why the campaign must pause, or null: the rules of issue "Dispatch", judged after the first <c>MinimumSends</c>.</summary>
    internal static string? PauseReason(int attempted, int hard, int complaints, DispatchOptions.AutoPauseOptions limits)
    {
        if (attempted < limits.MinimumSends || attempted == 0) return null;
        if ((double)hard / attempted > limits.HardBounceRate)
            return string.Create(CultureInfo.InvariantCulture, $"Paused automatically: {hard} of {attempted} sends bounced or were refused ({(double)hard / attempted:P1}, above {limits.HardBounceRate:P1}). Check the list and the relay before resuming.");
        if ((double)complaints / attempted > limits.ComplaintRate)
            return string.Create(CultureInfo.InvariantCulture, $"Paused automatically: {complaints} of {attempted} sends were reported as spam ({(double)complaints / attempted:P2}, above {limits.ComplaintRate:P2}).");
        return null;
    }
}

/// <summary>
/// One campaign's rates as this process sees them: the last count from the database plus the
/// outcomes this process recorded since. Refusals (5xx) are known here at once; bounces and
/// complaints arrive later through other parts of the app, and other instances send too, so the
/// database is counted again every <c>CheckEvery</c> whatever the estimate says.
/// </summary>
internal sealed class RateTally
{
    private DateTime? _countedAt;
    private int _attempted;
    private int _hard;
    private int _attemptedSince;
    private int _refusedSince;

    public void Add(int attempted, int refused)
    {
        _attemptedSince += attempted;
        _refusedSince += refused;
    }

    /// <summary>
    /// Count now when this process never counted, when <c>CheckEvery</c> has passed, when the
    /// estimate reaches <c>MinimumSends</c> for the first time, or when the refusals recorded here
    /// alone would put the estimate over the hard-bounce limit. So a relay refusing much of a list
    /// pauses the campaign right after the group that crossed the line, not seconds later.
    /// </summary>
    public bool CountDue(DispatchOptions.AutoPauseOptions limits, DateTime now)
    {
        if (_countedAt is not { } last || now - last >= limits.CheckEvery) return true;
        var attempted = _attempted + _attemptedSince;
        if (attempted < limits.MinimumSends) return false;
        if (_attempted < limits.MinimumSends) return true;
        return _refusedSince > 0 && (double)(_hard + _refusedSince) / attempted > limits.HardBounceRate;
    }

    public void Counted(int attempted, int hard, DateTime now)
    {
        (_attempted, _hard, _countedAt) = (attempted, hard, now);
        _attemptedSince = _refusedSince = 0;
    }
}
