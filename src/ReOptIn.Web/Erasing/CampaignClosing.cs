using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Data;
using ReOptIn.Core.Erasing;
using ReOptIn.Web.Auditing;

namespace ReOptIn.Web.Erasing;

/// <summary>What closing early or setting the retention did, or why not (a stable code and words).</summary>
public sealed record ClosingOutcome(Erasure? Erasure, string? ProblemCode = null, string? Problem = null)
{
    public bool Ok => ProblemCode is null;

    public static ClosingOutcome Refused(string code, string message) => new(null, code, message);
}

/// <summary>An Admin's early close (after a confirmation) and the confirmed contacts' retention period.</summary>
public sealed class CampaignClosing(ReOptInDb db, AuditTrail audit, IHttpContextAccessor http, TimeProvider clock)
{
    public const int MaxRetentionDays = 3650;

    public async Task<ClosingOutcome> CloseEarlyAsync(int campaignId, bool confirmed, CancellationToken ct)
    {
        var status = await db.Campaigns.Where(c => c.Id == campaignId).Select(c => (CampaignStatus?)c.Status).SingleOrDefaultAsync(ct);
        if (status is null) return ClosingOutcome.Refused("not-found", "There is no such campaign.");
        if (status == CampaignStatus.Closed) return ClosingOutcome.Refused("already-closed", "The campaign is closed already.");
        if (!CampaignErasure.CanClose(status.Value))
            return ClosingOutcome.Refused("not-launched", $"The campaign is {status}; only a launched campaign can be closed.");
        if (!confirmed)
            return ClosingOutcome.Refused("not-confirmed",
                "Closing erases now every contact of the campaign who did not confirm. Confirm that you want this (\"confirm\": true).");
        var erasure = await CampaignErasure.CloseAsync(db, campaignId, ErasureRule.EarlyClose, Actors.Of(http.HttpContext!), clock.GetUtcNow().UtcDateTime, ct);
        return erasure is null ? ClosingOutcome.Refused("already-closed", "The campaign was closed a moment ago (by its deadline or another admin).") : new ClosingOutcome(erasure);
    }

    public async Task<ClosingOutcome> SetRetentionAsync(int campaignId, int days, CancellationToken ct)
    {
        if (days is < 0 or > MaxRetentionDays)
            return ClosingOutcome.Refused("invalid-retention", $"Keep confirmed contacts between 0 and {MaxRetentionDays} days after closing.");
        if (await db.Campaigns.SingleOrDefaultAsync(c => c.Id == campaignId, ct) is not { } campaign) return ClosingOutcome.Refused("not-found", "There is no such campaign.");
        var before = campaign.ConfirmedRetentionDays;
        campaign.ConfirmedRetentionDays = days;
        audit.Record(AuditActions.RetentionChanged, campaign.Name, string.Create(CultureInfo.InvariantCulture, $"{before} → {days} days"));
        await db.SaveChangesAsync(ct);
        return new ClosingOutcome(null);
    }
}
