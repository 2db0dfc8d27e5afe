using ReOptIn.Core.Auditing;
using ReOptIn.Core.Compliance;
using ReOptIn.Core.Data;
using ReOptIn.Core.Sending.Dispatch;

namespace ReOptIn.Core.Bounces.Intake;

/// <summary>
/// One returned message from the mailbox or an upload: processed (<see cref="BounceProcessor"/>) behind
/// the SQLite writer gate, and an audit entry when it bounced or complained a request.
/// </summary>
public static class BounceIntake
{
    public static async Task<ProcessedBounce> ProcessAsync(ReOptInDb db, AddressHasher hasher, byte[] raw, string source, DateTime now,
        (string? Id, string Name) actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        try
        {
            using (await WriterGate.EnterAsync(db, ct))
            {
                var processed = await BounceProcessor.ProcessAsync(db, hasher, raw, source, envelopeTo: null, now, ct);
                var report = processed.Report;
                if (!processed.AlreadyProcessed && report.Action is BounceAction.Bounced or BounceAction.Complained)
                {
                    db.AuditLog.Add(new AuditEntry(now, AuditActions.BounceActedOn, actor.Id, actor.Name, $"request {report.RequestId}",
                        $"{report.Class} ({report.Reason}): {report.Action}, from {source}", null));
                    await db.SaveChangesAsync(ct);
                }
                return processed;
            }
        }
        finally
        {
            // One context reads many messages: keep it from growing, and a failed save from lingering.
            db.ChangeTracker.Clear();
        }
    }
}
