using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Compliance;
using ReOptIn.Core.Data;

namespace ReOptIn.Core.Bounces;

/// <summary>
/// Classifies a returned message, finds the request it is about, and acts: hard → bounced and
/// suppressed; complaint → complained and suppressed; soft → counted; not a bounce → ignored;
/// unmatched, uncertain or contradictory → kept for an admin to decide.
/// </summary>
public static class BounceProcessor
{
    /// <summary>A raw message above this size is kept for review only up to it.</summary>
    private const int MaxKeptMessageChars = 256 * 1024;

    /// <summary>
    /// Classifies, matches and acts, in one save. A message already processed (same <see cref="BounceReport.MessageKey"/>,
    /// even one saved a moment ago by another instance) is not acted on again: the earlier report comes back.
    /// </summary>
    public static async Task<ProcessedBounce> ProcessAsync(ReOptInDb db, AddressHasher hasher, byte[] raw, string source, string? envelopeTo, DateTime now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentNullException.ThrowIfNull(raw);
        var key = BounceMessageKey.Of(raw);
        if (await db.Bounces.AsNoTracking().SingleOrDefaultAsync(b => b.MessageKey == key, ct) is { } earlier) return new(earlier, AlreadyProcessed: true);

        using var stream = new MemoryStream(raw, writable: false);
        var verdict = BounceClassifier.Classify(stream, envelopeTo);
        var report = new BounceReport(now, source, verdict) { MessageKey = key };
        var (request, matchedBy, conflict) = await MatchAsync(db, hasher, verdict, ct);
        report.RequestId = request?.Id;
        report.CampaignId = request?.CampaignId;
        report.MatchedBy = matchedBy;
        report.RecipientHash = verdict.Recipient is { } recipient ? hasher.TryHash(recipient) : null;
        report.Action = conflict || request is null && verdict.Class is not BounceClass.None ? BounceAction.NeedsReview : await ActAsync(db, request, verdict.Class, now, ct);
        if (report.Action == BounceAction.NeedsReview)
        {
            var text = System.Text.Encoding.UTF8.GetString(raw);
            report.RawMessage = text.Length > MaxKeptMessageChars ? text[..MaxKeptMessageChars] : text;
        }
        db.Bounces.Add(report);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // Another instance saved the same message (or the same suppression) first: nothing of ours was written.
            foreach (var entry in db.ChangeTracker.Entries().Where(x => x.State is not EntityState.Unchanged and not EntityState.Detached).ToList())
                entry.State = EntityState.Detached;
            if (await db.Bounces.AsNoTracking().SingleOrDefaultAsync(b => b.MessageKey == key, ct) is { } winner) return new(winner, AlreadyProcessed: true);
            throw;
        }
        return new(report, AlreadyProcessed: false);
    }

    /// <summary>Acts on a matched request. Also used when an admin decides a message under review.</summary>
    public static async Task<BounceAction> ActAsync(ReOptInDb db, PermissionRequest? request, BounceClass decided, DateTime now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        switch (decided)
        {
            case BounceClass.Hard when request is not null:
                Move(request, RequestState.Bounced, now);
                await SuppressAsync(db, request.AddressHash, SuppressionReason.HardBounce, now, ct);
                return BounceAction.Bounced;
            case BounceClass.Complaint when request is not null:
                Move(request, RequestState.Complained, now);
                await SuppressAsync(db, request.AddressHash, SuppressionReason.Complaint, now, ct);
                return BounceAction.Complained;
            case BounceClass.Soft:
                return BounceAction.Counted;
            case BounceClass.None:
                return BounceAction.Ignored;
            default:
                return BounceAction.NeedsReview;
        }
    }

    /// <summary>
    /// The VERP address first, then the original Message-ID, then the recipient. A VERP id is a plain
    /// request number, so when the report also names a Message-ID or a recipient that belongs to
    /// another request, the message is sent to review rather than trusted: a forged bounce must not
    /// be able to suppress someone.
    /// </summary>
    private static async Task<(PermissionRequest? Request, string? MatchedBy, bool Conflict)> MatchAsync(ReOptInDb db, AddressHasher hasher, BounceVerdict v, CancellationToken ct)
    {
        // Stored as sent, in angle brackets (RequestMessageBuilder.NewMessageId).
        var messageId = v.OriginalMessageId is { Length: > 0 } mid ? "<" + mid.Trim().Trim('<', '>') + ">" : null;
        var byMessageId = messageId is null ? null : await db.Requests.SingleOrDefaultAsync(r => r.MessageId == messageId, ct);
        var recipientHash = v.Recipient is { } recipient ? hasher.TryHash(recipient) : null;
        if (v.VerpId is { } verp && long.TryParse(verp, NumberStyles.None, CultureInfo.InvariantCulture, out var requestId)
            && await db.Requests.SingleOrDefaultAsync(r => r.Id == requestId, ct) is { } byVerp)
        {
            var contradicted = (byMessageId is not null && byMessageId.Id != byVerp.Id)
                || (recipientHash is not null && !recipientHash.AsSpan().SequenceEqual(byVerp.AddressHash));
            return (byVerp, "verp", contradicted);
        }
        if (byMessageId is not null) return (byMessageId, "message-id", false);
        if (recipientHash is not null)
        {
            // The most recent request to this address: one address is asked once, so there is at most one.
            var byRecipient = await db.Requests.Where(r => r.AddressHash == recipientHash).OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
            if (byRecipient is not null) return (byRecipient, "recipient", false);
        }
        return (null, null, false);
    }

    private static void Move(PermissionRequest request, RequestState next, DateTime now)
    {
        // A confirmed person's later hard bounce changes nothing about their consent; a complaint always counts.
        if (request.State != next && StateTransitions.CanMove(request.State, next)) request.MoveTo(next, now);
    }

    private static async Task SuppressAsync(ReOptInDb db, byte[] addressHash, SuppressionReason reason, DateTime now, CancellationToken ct)
    {
        if (!await db.Suppressions.AnyAsync(s => s.AddressHash == addressHash, ct) && !db.Suppressions.Local.Any(s => s.AddressHash.AsSpan().SequenceEqual(addressHash)))
            db.Suppressions.Add(new Suppression(addressHash, reason, now));
    }
}
