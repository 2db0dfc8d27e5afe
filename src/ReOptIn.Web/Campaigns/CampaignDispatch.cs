using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Data;
using ReOptIn.Core.Sending;
using ReOptIn.Core.Sending.Dispatch;
using ReOptIn.Web.Auditing;

namespace ReOptIn.Web.Campaigns;

/// <summary>Launch, pause and resume: an admin's decisions, for the pages and the API.</summary>
public sealed class CampaignDispatch(ReOptInDb db, AuditTrail audit, TimeProvider clock, IConfiguration configuration)
{
    public async Task<CampaignOutcome> LaunchAsync(Campaign c, CancellationToken ct)
    {
        if (c.Status != CampaignStatus.Approved)
            return CampaignOutcome.Refused(c, [], "not-approved", $"The campaign is {c.Status}; only an approved campaign can be sent.");
        if (!c.ApprovedContentIsIntact)
            return CampaignOutcome.Refused(c, [], "changed-since-approval", "The content, sender or lists changed after approval: submit it and approve it again.");
        if (string.IsNullOrWhiteSpace(configuration[PublicLinks.BaseUrlSetting]))
            return CampaignOutcome.Refused(c, [], "no-public-url", $"Set {PublicLinks.BaseUrlSetting} (the public address of the confirmation pages) before sending: every link starts with it.");
        try
        {
            var result = await CampaignLauncher.LaunchAsync(db, c, clock.GetUtcNow().UtcDateTime, ct);
            await audit.RecordNowAsync(AuditActions.CampaignLaunched, c.Name,
                $"{result.Eligible} requests; skipped: {result.AlreadyAsked} already asked, {result.Suppressed} suppressed, {result.ExcludedJurisdiction} excluded (UK/Canada without lawful basis)", ct: ct);
            return new CampaignOutcome(c, []);
        }
        catch (Exception e) when (UniqueViolation.Is(e))
        {
            // The registry's key refused an address: another launch asked it at the same moment.
            db.ChangeTracker.Clear();
            return CampaignOutcome.Refused(c, [], "already-asked-concurrently", "Another campaign asked some of these addresses at the same moment. Try again: they will be skipped.");
        }
    }

    public async Task<CampaignOutcome> PauseAsync(Campaign c, CancellationToken ct)
    {
        if (c.Status != CampaignStatus.Sending)
            return CampaignOutcome.Refused(c, [], "not-sending", $"The campaign is {c.Status}; only a sending campaign can be paused.");
        c.MoveTo(CampaignStatus.Paused, clock.GetUtcNow().UtcDateTime);
        c.PauseReason = "Paused by an admin.";
        audit.Record(AuditActions.CampaignPaused, c.Name);
        await db.SaveChangesAsync(ct);
        return new CampaignOutcome(c, []);
    }

    public async Task<CampaignOutcome> ResumeAsync(Campaign c, CancellationToken ct)
    {
        if (c.Status != CampaignStatus.Paused)
            return CampaignOutcome.Refused(c, [], "not-paused", $"The campaign is {c.Status}; only a paused campaign can be resumed.");
        c.MoveTo(CampaignStatus.Sending, clock.GetUtcNow().UtcDateTime);
        audit.Record(AuditActions.CampaignResumed, c.Name, c.PauseReason);
        c.PauseReason = null;
        await db.SaveChangesAsync(ct);
        return new CampaignOutcome(c, []);
    }
}
