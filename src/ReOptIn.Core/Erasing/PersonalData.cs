using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Contacts;
using ReOptIn.Core.Data;

namespace ReOptIn.Core.Erasing;

/// <summary>
/// The set-based statements that erase people: each runs once over the whole set (no entity is
/// loaded), inside the caller's transaction. The rule for who may be kept is in ADR-0011.
/// </summary>
internal static class PersonalData
{
    private static readonly CampaignStatus[] NotLaunched = [CampaignStatus.Draft, CampaignStatus.Submitted, CampaignStatus.Approved];

    /// <summary>States that still wait for an answer: the contact is kept while their campaign is open.</summary>
    private static readonly RequestState[] Waiting =
        [RequestState.Queued, RequestState.Sending, RequestState.Deferred, RequestState.Sent, RequestState.Visited, RequestState.InDoubt];

    /// <summary>
    /// The <paramref name="candidates"/> with no reason to be kept, seen from campaign
    /// <paramref name="campaignId"/>: no consent in another campaign (not yet erased under its
    /// retention), no request waiting for an answer in another open campaign, and — for someone
    /// never asked nor suppressed — no list of a campaign that has yet to be launched.
    /// </summary>
    public static IQueryable<Contact> WithoutReasonToKeep(ReOptInDb db, IQueryable<Contact> candidates, int campaignId) =>
        candidates.Where(c =>
            !db.Requests.Any(r => r.ContactId == c.Id && r.CampaignId != campaignId
                && (r.State == RequestState.Confirmed || r.State == RequestState.HandedOff))
            && !db.Requests.Any(r => r.ContactId == c.Id && r.CampaignId != campaignId
                && Waiting.Contains(r.State) && r.Campaign!.Status != CampaignStatus.Closed)
            && !(!db.AskedRegistry.Any(a => a.AddressHash == c.AddressHash)
                && !db.Suppressions.Any(s => s.AddressHash == c.AddressHash)
                && db.Memberships.Any(m => m.ContactId == c.Id
                    && db.Campaigns.Any(k => k.Id != campaignId && NotLaunched.Contains(k.Status) && k.Lists.Any(l => l.Id == m.ListId)))));

    /// <summary>
    /// Erases what the <paramref name="requests"/> and the <paramref name="doomed"/> contacts hold
    /// about a person: visit IPs and user agents, receipts' address, IP, user agent and submitted
    /// fields, relay answers, bounce messages, suppression notes; deletes the contacts (their list
    /// memberships go with them) and cuts every such request from its person. The requests
    /// themselves stay, with their state, domain and times, for the report's counts; the keyed
    /// hash stays in the registry and the suppressions. Returns the contacts deleted.
    /// </summary>
    public static async Task<int> EraseAsync(ReOptInDb db, IQueryable<PermissionRequest> requests, IQueryable<Contact> doomed, DateTime now, CancellationToken ct)
    {
        var ids = requests.Select(r => r.Id);
        await db.Visits.Where(v => ids.Contains(v.RequestId) && (v.IpAddress != null || v.UserAgent != null))
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.IpAddress, (string?)null).SetProperty(v => v.UserAgent, (string?)null), ct);
        await db.Receipts.Where(x => ids.Contains(x.RequestId) && x.ErasedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Email, "").SetProperty(x => x.IpAddress, (string?)null)
                .SetProperty(x => x.UserAgent, (string?)null).SetProperty(x => x.FormJson, "{}").SetProperty(x => x.ErasedAt, now), ct);
        await db.Bounces.Where(b => b.RequestId != null && ids.Contains(b.RequestId.Value) && (b.RawMessage != null || b.DiagnosticCode != null))
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.RawMessage, (string?)null).SetProperty(b => b.DiagnosticCode, (string?)null), ct);
        // Unmatched bounces name their recipient only by its keyed hash.
        await db.Bounces.Where(b => b.RecipientHash != null && (b.RawMessage != null || b.DiagnosticCode != null)
                && (requests.Any(r => r.AddressHash == b.RecipientHash) || doomed.Any(c => c.AddressHash == b.RecipientHash)))
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.RawMessage, (string?)null).SetProperty(b => b.DiagnosticCode, (string?)null), ct);
        // A relay's refusal often quotes the address ("550 5.1.1 <jane@…>: no such user").
        await db.Suppressions.Where(x => x.Note != null
                && (requests.Any(r => r.AddressHash == x.AddressHash) || doomed.Any(c => c.AddressHash == x.AddressHash)))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Note, (string?)null), ct);
        await requests.Where(r => r.LastError != null).ExecuteUpdateAsync(s => s.SetProperty(r => r.LastError, (string?)null), ct);

        // The database's own foreign keys delete the memberships and set the requests' ContactId to null.
        var deleted = await doomed.ExecuteDeleteAsync(ct);
        await requests.Where(r => r.ContactId != null).ExecuteUpdateAsync(s => s.SetProperty(r => r.ContactId, (long?)null), ct);
        return deleted;
    }
}
