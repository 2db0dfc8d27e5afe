using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Data;

namespace ReOptIn.Web.Campaigns;

/// <summary>Where a campaign's sending stands: counts by state, skips by reason, the current rate and the time left.</summary>
public sealed record CampaignProgress(string Status, string? PauseReason, int Eligible, IReadOnlyDictionary<string, int> ByState,
    IReadOnlyDictionary<string, int> Skipped, double PerSecond, TimeSpan? TimeLeft, int InDoubt)
{
    public int Remaining => ByState.GetValueOrDefault("queued") + ByState.GetValueOrDefault("deferred") + ByState.GetValueOrDefault("sending");

    public static async Task<CampaignProgress> OfAsync(ReOptInDb db, Campaign c, DateTime now, CancellationToken ct)
    {
        var states = await db.Requests.Where(r => r.CampaignId == c.Id).GroupBy(r => r.State)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var minuteAgo = now.AddMinutes(-1);
        var lastMinute = await db.Requests.CountAsync(r => r.CampaignId == c.Id && r.SentAt >= minuteAgo, ct);
        var byState = Enum.GetValues<RequestState>().ToDictionary(s => s.ToString().ToLowerInvariant(), s => states.GetValueOrDefault(s));
        var perSecond = lastMinute / 60.0;
        var remaining = states.GetValueOrDefault(RequestState.Queued) + states.GetValueOrDefault(RequestState.Deferred) + states.GetValueOrDefault(RequestState.Sending);
        return new CampaignProgress(c.Status.ToString(), c.PauseReason, c.Eligible, byState,
            new Dictionary<string, int>
            {
                ["alreadyAsked"] = c.SkippedAlreadyAsked,
                ["suppressed"] = c.SkippedSuppressed,
                ["excludedJurisdiction"] = c.SkippedJurisdiction,
            },
            Math.Round(perSecond, 1), remaining > 0 && perSecond > 0 ? TimeSpan.FromSeconds(Math.Ceiling(remaining / perSecond)) : null,
            states.GetValueOrDefault(RequestState.InDoubt));
    }
}
