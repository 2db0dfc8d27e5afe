using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Composing;
using ReOptIn.Core.Composing.Linting;
using ReOptIn.Core.Data;
using ReOptIn.Web.Auditing;

namespace ReOptIn.Web.Campaigns;

/// <summary>Writing, checking, submitting and approving a campaign: the one path for pages and API.</summary>
public sealed class CampaignDrafts(ReOptInDb db, AuditTrail audit, TimeProvider clock)
{
    public Task<Campaign?> LoadAsync(int id, CancellationToken ct) =>
        db.Campaigns.Include(c => c.Sender).Include(c => c.Lists).AsSplitQuery().SingleOrDefaultAsync(c => c.Id == id, ct);

    /// <summary>Creates (<paramref name="campaign"/> null) or updates a draft. Changing approved content withdraws the approval.</summary>
    public async Task<CampaignOutcome> SaveAsync(Campaign? campaign, CampaignChanges changes, ClaimsPrincipal user, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = changes.Validate(now);
        var sender = changes.SenderId is { } senderId ? await db.Senders.SingleOrDefaultAsync(s => s.Id == senderId, ct) : null;
        if (changes.SenderId is not null && sender is null) errors["senderId"] = ["There is no sender with this id."];
        var lists = await db.Lists.Where(l => changes.ListIds.Contains(l.Id)).ToListAsync(ct);
        if (lists.Count != changes.ListIds.Distinct().Count()) errors["listIds"] = ["One of the lists does not exist."];
        if (campaign is { IsEditable: false }) errors["status"] = [$"The campaign is {campaign.Status}: it can no longer be changed."];
        if (errors.Count > 0) return CampaignOutcome.Invalid(errors);

        if (campaign is null)
        {
            campaign = new Campaign(changes.Name!.Trim(), now) { CreatedByUserId = user.FindFirstValue(ClaimTypes.NameIdentifier) };
            changes.ApplyTo(campaign, sender, lists);
            db.Campaigns.Add(campaign);
            audit.Record(AuditActions.CampaignCreated, campaign.Name);
        }
        else
        {
            var before = campaign.ContentFingerprint();
            var statusBefore = campaign.Status;
            changes.ApplyTo(campaign, sender, lists);
            if (campaign.ContentFingerprint() != before)
            {
                campaign.Edited(now);
                if (statusBefore != CampaignStatus.Draft)
                    audit.Record(AuditActions.CampaignReturnedToDraft, campaign.Name, $"edited while {statusBefore}");
            }
            audit.Record(AuditActions.CampaignChanged, campaign.Name);
        }
        await db.SaveChangesAsync(ct);
        return new CampaignOutcome(campaign, await FindingsAsync(campaign, ct));
    }

    /// <summary>The linter's findings on the campaign's text, with what the draft still lacks.</summary>
    public async Task<IReadOnlyList<LintFinding>> FindingsAsync(Campaign c, CancellationToken ct)
    {
        var listIds = c.Lists.Select(l => l.Id).ToList();
        var restricted = await db.Memberships.Where(m => listIds.Contains(m.ListId) && m.Contact!.Jurisdiction != null)
            .GroupBy(m => m.ListId).Select(g => new { ListId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.ListId, x => x.Count, ct);
        var context = new LintContext
        {
            SenderKnown = c.Sender is not null,
            SenderName = c.Sender?.FromName,
            SenderPostalAddress = c.Sender?.PostalAddress,
            IncentiveDescription = c.IncentiveDescription,
            Lists = c.Lists.Select(l => new ListJurisdictionSummary(l.Name, restricted.GetValueOrDefault(l.Id), l.LawfulBasis is not null)).ToList(),
        };
        var lint = RequestLinter.Lint(new RequestContent(c.Subject, c.BodyMarkdown, c.Language), context);
        return [.. CampaignReadiness.Check(c, clock.GetUtcNow().UtcDateTime), .. lint];
    }

    /// <summary>A marketer asks for approval; refused while there is any error.</summary>
    public async Task<CampaignOutcome> SubmitAsync(Campaign c, ClaimsPrincipal user, CancellationToken ct)
    {
        var findings = await FindingsAsync(c, ct);
        if (c.Status != CampaignStatus.Draft)
            return CampaignOutcome.Refused(c, findings, "not-a-draft", $"The campaign is {c.Status}; only a draft can be submitted.");
        if (findings.Any(f => f.Severity == LintSeverity.Error))
            return CampaignOutcome.Refused(c, findings, "lint-errors", "Fix the errors before submitting.");
        c.Submit(clock.GetUtcNow().UtcDateTime, user.FindFirstValue(ClaimTypes.NameIdentifier));
        audit.Record(AuditActions.CampaignSubmitted, c.Name);
        await db.SaveChangesAsync(ct);
        return new CampaignOutcome(c, findings);
    }

    /// <summary>An admin approves the exact content: no errors, and every warning acknowledged.</summary>
    public async Task<CampaignOutcome> ApproveAsync(Campaign c, bool acknowledgeWarnings, ClaimsPrincipal user, CancellationToken ct)
    {
        var findings = await FindingsAsync(c, ct);
        if (c.Status != CampaignStatus.Submitted)
            return CampaignOutcome.Refused(c, findings, "not-submitted", $"The campaign is {c.Status}; a marketer submits it before it can be approved.");
        if (findings.Any(f => f.Severity == LintSeverity.Error))
            return CampaignOutcome.Refused(c, findings, "lint-errors", "The campaign has errors; send it back to draft to fix them.");
        var warnings = findings.Where(f => f.Severity == LintSeverity.Warning).ToList();
        if (warnings.Count > 0 && !acknowledgeWarnings)
            return CampaignOutcome.Refused(c, findings, "warnings-not-acknowledged",
                $"Read the {warnings.Count} warning(s) ({string.Join(", ", warnings.Select(w => w.Rule).Distinct())}) and acknowledge them to approve.");
        c.Approve(clock.GetUtcNow().UtcDateTime, user.FindFirstValue(ClaimTypes.NameIdentifier));
        audit.Record(AuditActions.CampaignApproved, c.Name,
            $"content {c.ApprovedContentHash}" + (warnings.Count > 0 ? $"; warnings acknowledged: {string.Join(", ", warnings.Select(w => w.Rule).Distinct())}" : ""));
        await db.SaveChangesAsync(ct);
        return new CampaignOutcome(c, findings);
    }

    /// <summary>Withdraws a submission or an approval without changing the content.</summary>
    public async Task<CampaignOutcome> ReturnToDraftAsync(Campaign c, CancellationToken ct)
    {
        if (c.Status is not (CampaignStatus.Submitted or CampaignStatus.Approved))
            return CampaignOutcome.Refused(c, [], "not-submitted", $"The campaign is {c.Status}.");
        c.MoveTo(CampaignStatus.Draft, clock.GetUtcNow().UtcDateTime);
        audit.Record(AuditActions.CampaignReturnedToDraft, c.Name);
        await db.SaveChangesAsync(ct);
        return new CampaignOutcome(c, await FindingsAsync(c, ct));
    }
}
