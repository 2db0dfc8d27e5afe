using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Data;
using ReOptIn.Core.Sending.Dispatch;

namespace ReOptIn.Core.Erasing;

/// <summary>
/// Closing a campaign and erasing its people. Each step runs in one transaction that starts with a
/// conditional update of the campaign's row: the instance whose update changes the row does the
/// work; any other (PostgreSQL: waiting on the row lock; SQLite: the one writer) finds nothing left
/// to do. A crash rolls the whole step back, and the next run does it again.
/// </summary>
public static class CampaignErasure
{
    private static readonly CampaignStatus[] Closable = [CampaignStatus.Sending, CampaignStatus.Paused, CampaignStatus.Sent];

    /// <summary>No answer yet: these become <see cref="RequestState.Expired"/> at the close. A request mid-send is left to finish.</summary>
    private static readonly RequestState[] Unanswered =
        [RequestState.Queued, RequestState.Deferred, RequestState.Sent, RequestState.Visited, RequestState.InDoubt];

    public static bool CanClose(CampaignStatus status) => Closable.Contains(status);

    /// <summary>
    /// Closes the campaign and erases everyone in it who did not confirm. Null when it was not
    /// open (never launched, or closed already — by another instance a moment ago).
    /// </summary>
    public static async Task<Erasure?> CloseAsync(ReOptInDb db, int campaignId, ErasureRule rule, ErasureActor actor, DateTime now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        using var gate = await WriterGate.EnterAsync(db, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var closed = await db.Campaigns.Where(c => c.Id == campaignId && Closable.Contains(c.Status))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CampaignStatus.Closed).SetProperty(c => c.ClosedAt, now)
                .SetProperty(c => c.PauseReason, (string?)null), ct);
        if (closed == 0)
        {
            await tx.RollbackAsync(ct);
            return null;
        }
        var (contacts, requests) = await SweepAsync(db, campaignId, now, ct);
        // The rejected rows of the lists' imports are raw lines (addresses, names); their counts stay on the import.
        var listIds = db.Campaigns.Where(c => c.Id == campaignId).SelectMany(c => c.Lists.Select(l => l.Id));
        await db.ImportRejects.Where(x => db.ImportJobs.Any(j => j.Id == x.JobId && listIds.Contains(j.ListId))).ExecuteDeleteAsync(ct);
        await db.ImportJobs.Where(j => listIds.Contains(j.ListId) && j.FinishedAt != null && j.RejectsDeletedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.RejectsDeletedAt, now), ct);
        var erasure = await RecordAsync(db, campaignId, rule, contacts, requests, actor, now, AuditActions.CampaignClosed, ct);
        await tx.CommitAsync(ct);
        return erasure;
    }

    /// <summary>
    /// A closed campaign's stragglers: a request that was mid-send at the close and was answered by
    /// the relay afterwards. Null when there was none (the usual case).
    /// </summary>
    public static async Task<Erasure?> SweepClosedAsync(ReOptInDb db, int campaignId, DateTime now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!await NonConsent(db, campaignId).AnyAsync(r => r.ContactId != null, ct)
            && !await db.Requests.AnyAsync(r => r.CampaignId == campaignId && Unanswered.Contains(r.State), ct)) return null;
        using var gate = await WriterGate.EnterAsync(db, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await LockClosedAsync(db, campaignId, ct))
        {
            await tx.RollbackAsync(ct);
            return null;
        }
        var (contacts, requests) = await SweepAsync(db, campaignId, now, ct);
        if (contacts + requests == 0)
        {
            await tx.RollbackAsync(ct);
            return null;
        }
        var erasure = await RecordAsync(db, campaignId, ErasureRule.Deadline, contacts, requests, ErasureActor.System, now, AuditActions.ContactsErased, ct);
        await tx.CommitAsync(ct);
        return erasure;
    }

    /// <summary>
    /// Erases the confirmed contacts of a closed campaign whose retention period is over, once
    /// they were handed off or exported. Their receipts keep the consent text and times, not the
    /// address, IP, user agent or submitted names. Null when there was no one to erase.
    /// </summary>
    public static async Task<Erasure?> EraseConfirmedAsync(ReOptInDb db, int campaignId, DateTime now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var campaign = await db.Campaigns.AsNoTracking().Where(c => c.Id == campaignId)
            .Select(c => new { c.Status, c.ClosedAt, c.ConfirmedRetentionDays, c.ConfirmedExportedAt }).SingleOrDefaultAsync(ct);
        if (campaign is not { Status: CampaignStatus.Closed, ClosedAt: { } closedAt } || closedAt.AddDays(campaign.ConfirmedRetentionDays) > now) return null;
        var exportedAt = campaign.ConfirmedExportedAt;
        var due = db.Requests.Where(r => r.CampaignId == campaignId && r.ContactId != null
            && (r.State == RequestState.HandedOff || (r.State == RequestState.Confirmed && exportedAt != null && r.ConfirmedAt <= exportedAt)));
        if (!await due.AnyAsync(ct)) return null;

        using var gate = await WriterGate.EnterAsync(db, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await LockClosedAsync(db, campaignId, ct))
        {
            await tx.RollbackAsync(ct);
            return null;
        }
        var requests = await due.CountAsync(ct);
        if (requests == 0)
        {
            await tx.RollbackAsync(ct);
            return null;
        }
        var doomed = PersonalData.WithoutReasonToKeep(db, db.Contacts.Where(c => due.Any(r => r.ContactId == c.Id)), campaignId);
        var contacts = await PersonalData.EraseAsync(db, due, doomed, now, ct);
        var erasure = await RecordAsync(db, campaignId, ErasureRule.Retention, contacts, requests, ErasureActor.System, now, AuditActions.ContactsErased, ct);
        await tx.CommitAsync(ct);
        return erasure;
    }

    /// <summary>Expires the unanswered requests and erases everyone of the campaign who did not confirm.</summary>
    private static async Task<(int Contacts, int Requests)> SweepAsync(ReOptInDb db, int campaignId, DateTime now, CancellationToken ct)
    {
        await db.Requests.Where(r => r.CampaignId == campaignId && Unanswered.Contains(r.State))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, RequestState.Expired).SetProperty(r => r.StateChangedAt, now), ct);
        var targets = NonConsent(db, campaignId).Where(r => r.ContactId != null);
        var requests = await targets.CountAsync(ct);
        var listIds = db.Campaigns.Where(c => c.Id == campaignId).SelectMany(c => c.Lists.Select(l => l.Id));
        // Everyone the campaign asked without a yes, and the members of its lists it never asked
        // (already asked elsewhere, suppressed, excluded): the campaign was their reason to be here.
        var candidates = db.Contacts.Where(c => targets.Any(r => r.ContactId == c.Id)
            || (db.Memberships.Any(m => m.ContactId == c.Id && listIds.Contains(m.ListId))
                && !db.Requests.Any(r => r.CampaignId == campaignId && r.ContactId == c.Id)));
        var contacts = await PersonalData.EraseAsync(db, targets, PersonalData.WithoutReasonToKeep(db, candidates, campaignId), now, ct);
        return (contacts, requests);
    }

    /// <summary>The campaign's requests without a standing yes, except one mid-send (its outcome is recorded first).</summary>
    private static IQueryable<PermissionRequest> NonConsent(ReOptInDb db, int campaignId) =>
        db.Requests.Where(r => r.CampaignId == campaignId && r.State != RequestState.Confirmed && r.State != RequestState.HandedOff
            && r.State != RequestState.Sending);

    /// <summary>Takes the closed campaign's row lock (a no-op update): concurrent erasures of one campaign queue here.</summary>
    private static async Task<bool> LockClosedAsync(ReOptInDb db, int campaignId, CancellationToken ct) =>
        await db.Campaigns.Where(c => c.Id == campaignId && c.Status == CampaignStatus.Closed)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ClosedAt, c => c.ClosedAt), ct) == 1;

    private static async Task<Erasure> RecordAsync(ReOptInDb db, int campaignId, ErasureRule rule, int contacts, int requests, ErasureActor actor,
        DateTime now, string action, CancellationToken ct)
    {
        var name = await db.Campaigns.Where(c => c.Id == campaignId).Select(c => c.Name).SingleAsync(ct);
        var erasure = new Erasure(now, rule, campaignId, contacts, requests, actor.UserId, actor.Name);
        db.Erasures.Add(erasure);
        db.AuditLog.Add(new AuditEntry(now, action, actor.UserId, actor.Name, name,
            string.Create(CultureInfo.InvariantCulture, $"{RuleName(rule)}: {contacts} contact(s) erased, {requests} request(s) cleared"), actor.IpAddress));
        await db.SaveChangesAsync(ct);
        return erasure;
    }

    /// <summary>The rule as people read it in the audit log and on the pages.</summary>
    public static string RuleName(ErasureRule rule) => rule switch
    {
        ErasureRule.Deadline => "deadline",
        ErasureRule.EarlyClose => "early close",
        ErasureRule.Retention => "retention",
        ErasureRule.Request => "request",
        _ => rule.ToString(),
    };
}
