using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Data;

namespace ReOptIn.Core.Sending.Dispatch;

/// <summary>What a launch did: requests created, and contacts skipped by reason.</summary>
public sealed record LaunchResult(int Eligible, int AlreadyAsked, int Suppressed, int ExcludedJurisdiction);

/// <summary>
/// Launches an approved campaign: one request per eligible contact and its address hash in the
/// "already asked" registry, in one transaction. The registry's primary key is what makes "once,
/// ever" hold across campaigns, lists, re-imports and instances: a concurrent launch that would ask
/// an address again fails as a whole.
/// </summary>
public static class CampaignLauncher
{
    /// <exception cref="InvalidStateTransitionException">The campaign is not approved, or its content changed since.</exception>
    public static async Task<LaunchResult> LaunchAsync(ReOptInDb db, Campaign campaign, DateTime now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(campaign);
        var listIds = campaign.Lists.Select(l => l.Id).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        campaign.Launch(now);

        var members = db.Contacts.Where(c => db.Memberships.Any(m => m.ContactId == c.Id && listIds.Contains(m.ListId)));
        var asked = members.Where(c => db.AskedRegistry.Any(a => a.AddressHash == c.AddressHash));
        var suppressed = members.Where(c => !asked.Contains(c) && db.Suppressions.Any(s => s.AddressHash == c.AddressHash));
        campaign.SkippedAlreadyAsked = await asked.CountAsync(ct);
        campaign.SkippedSuppressed = await suppressed.CountAsync(ct);
        var excluded = await members.CountAsync(c => c.Jurisdiction != null
            && !db.AskedRegistry.Any(a => a.AddressHash == c.AddressHash) && !db.Suppressions.Any(s => s.AddressHash == c.AddressHash)
            && !db.Memberships.Any(m => m.ContactId == c.Id && listIds.Contains(m.ListId) && m.List!.LawfulBasis != null), ct);
        campaign.SkippedJurisdiction = excluded;

        campaign.Eligible = await db.Database.ExecuteSqlRawAsync(DispatchSql.InsertRequests(db, listIds), [campaign.Id, now], ct);
        await db.Database.ExecuteSqlRawAsync(DispatchSql.InsertRegistry, [campaign.Id, now], ct);
        if (campaign.Eligible == 0) campaign.MoveTo(CampaignStatus.Sent, now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new LaunchResult(campaign.Eligible, campaign.SkippedAlreadyAsked, campaign.SkippedSuppressed, campaign.SkippedJurisdiction);
    }
}
