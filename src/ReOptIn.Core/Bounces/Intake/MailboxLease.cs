using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Data;
using ReOptIn.Core.Sending.Dispatch;

namespace ReOptIn.Core.Bounces.Intake;

/// <summary>
/// One instance reads a mailbox at a time: it holds the mailbox's lease and renews it while reading;
/// a stopped instance's lease runs out and another takes over. (Each message is still acted on once
/// even without the lease: <see cref="BounceReport.MessageKey"/> is unique.)
/// </summary>
internal static class MailboxLease
{
    public enum Outcome
    {
        Leased,
        HeldElsewhere,
        Gone,
    }

    public static async Task<(Outcome Outcome, BounceMailbox? Mailbox)> TryTakeAsync(ReOptInDb db, int id, string owner, DateTime now, TimeSpan lease, CancellationToken ct)
    {
        int taken;
        using (await WriterGate.EnterAsync(db, ct))
        {
            taken = await db.BounceMailboxes
                .Where(m => m.Id == id && m.Enabled && (m.LeaseOwner == null || m.LeaseOwner == owner || m.LeaseExpiresAt < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseOwner, owner).SetProperty(m => m.LeaseExpiresAt, now + lease), ct);
        }
        var mailbox = await db.BounceMailboxes.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct);
        if (mailbox is null || !mailbox.Enabled) return (Outcome.Gone, null);
        return (taken == 1 ? Outcome.Leased : Outcome.HeldElsewhere, mailbox);
    }

    /// <summary>
    /// Renews the lease and, when given, records how the last look went. False when the lease was lost,
    /// or the settings changed or were disabled since <paramref name="version"/> (the reader then starts again).
    /// </summary>
    public static async Task<bool> RenewAsync(ReOptInDb db, int id, string owner, DateTime version, DateTime now, TimeSpan lease,
        (bool Ok, string Message)? poll, CancellationToken ct)
    {
        using (await WriterGate.EnterAsync(db, ct))
        {
            var mine = db.BounceMailboxes.Where(m => m.Id == id && m.LeaseOwner == owner && m.Enabled && m.UpdatedAt == version);
            var rows = poll is { } p
                ? await mine.ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseExpiresAt, now + lease)
                    .SetProperty(m => m.LastPollAt, now).SetProperty(m => m.LastPollOk, p.Ok).SetProperty(m => m.LastPollMessage, Clip(p.Message)), ct)
                : await mine.ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseExpiresAt, now + lease), ct);
            return rows == 1;
        }
    }

    /// <summary>Records a failed look even when the settings changed meanwhile (the admin should see it).</summary>
    public static async Task RecordFailureAsync(ReOptInDb db, int id, string owner, DateTime now, string message, CancellationToken ct)
    {
        using (await WriterGate.EnterAsync(db, ct))
        {
            await db.BounceMailboxes.Where(m => m.Id == id && m.LeaseOwner == owner)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LastPollAt, now).SetProperty(m => m.LastPollOk, false)
                    .SetProperty(m => m.LastPollMessage, Clip(message)), ct);
        }
    }

    public static async Task ReleaseAsync(ReOptInDb db, int id, string owner, CancellationToken ct)
    {
        using (await WriterGate.EnterAsync(db, ct))
        {
            await db.BounceMailboxes.Where(m => m.Id == id && m.LeaseOwner == owner)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseOwner, (string?)null).SetProperty(m => m.LeaseExpiresAt, (DateTime?)null), ct);
        }
    }

    private static string Clip(string message) => message.Length > 1000 ? message[..1000] : message;
}
