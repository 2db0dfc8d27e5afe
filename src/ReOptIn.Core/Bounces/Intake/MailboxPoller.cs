using System.Globalization;
using MailKit;
using MailKit.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReOptIn.Core.Compliance;
using ReOptIn.Core.Data;
using ReOptIn.Core.Sending;

namespace ReOptIn.Core.Bounces.Intake;

/// <summary>
/// Reads one bounce mailbox while this instance holds its lease: every message in the folder is
/// processed, then moved to the processed folder (or marked \Seen and <see cref="BounceMailbox.ProcessedKeyword"/>
/// where moving is impossible); never deleted. A message that fails stays where it is and is tried
/// again at the next look. Waits with IDLE when the server offers it, else polls.
/// </summary>
internal sealed class MailboxPoller(int mailboxId, string owner, IServiceScopeFactory scopes, BounceIntakeOptions options, TimeProvider clock, ILogger log)
{
    /// <summary>Messages read per look; a longer backlog continues at once, after the lease is renewed.</summary>
    private const int BatchSize = 200;

    // Servers may end an IDLE after 30 minutes (RFC 2177).
    private static readonly TimeSpan MaxIdle = TimeSpan.FromMinutes(29);

    /// <summary>Runs until the mailbox is disabled or removed, or the app stops.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var (outcome, mailbox) = await WithDbAsync(db => MailboxLease.TryTakeAsync(db, mailboxId, owner, Now, options.Lease, stop));
                if (outcome == MailboxLease.Outcome.Gone) return;
                if (outcome == MailboxLease.Outcome.Leased)
                {
                    try
                    {
                        await ReadAsync(mailbox!, stop);
                        continue;   // settings changed or lease lost: look again at once
                    }
                    catch (Exception e) when (ImapSession.Describe(e, "Read", $"{mailbox!.Host}:{mailbox.Port}", stop) is { } problem)
                    {
                        // Opening failed, or the connection broke mid-look: say so on the sender's page, and try again later.
                        log.LogWarning("Bounce mailbox {MailboxId} at {Host}: {Step} failed: {Problem} Trying again in {Wait}.",
                            mailboxId, mailbox.Host, problem.Step, problem.Message, options.PollInterval);
                        await WithDbAsync(db => MailboxLease.RecordFailureAsync(db, mailboxId, owner, Now, $"{problem.Step} failed: {problem.Message}", stop));
                    }
                }
                await Task.Delay(options.PollInterval, clock, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            try
            {
                await WithDbAsync(db => MailboxLease.ReleaseAsync(db, mailboxId, owner, CancellationToken.None));
            }
#pragma warning disable CA1031 // Best effort on the way out: an unreleased lease simply runs out.
            catch (Exception e)
#pragma warning restore CA1031
            {
                log.LogDebug(e, "Bounce mailbox {MailboxId}: the lease could not be released; it runs out by itself.", mailboxId);
            }
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>One connection: look, wait (IDLE or poll), look again… until the lease is lost or the settings change.</summary>
    private async Task ReadAsync(BounceMailbox mailbox, CancellationToken stop)
    {
        MailboxSettings settings;
        await using (var scope = scopes.CreateAsyncScope())
            settings = MailboxSettings.Of(mailbox, scope.ServiceProvider.GetRequiredService<SenderSecrets>());
        using var session = await ImapSession.OpenAsync(settings, options.Timeout, createProcessedFolder: true, stop);
        if (session.ProcessedFallbackReason is { } why)
            log.LogWarning("Bounce mailbox {MailboxId}: processed messages stay in {Folder}, marked {Keyword}: {Reason}.", mailboxId, session.Folder.FullName, BounceMailbox.ProcessedKeyword, why);

        var arrived = true;
        var known = session.Folder.Count;
        CancellationTokenSource? idle = null;
        session.Folder.CountChanged += (_, _) =>
        {
            // New mail raises the count; our own moves lower it.
            if (session.Folder.Count > known)
            {
                arrived = true;
                idle?.Cancel();
            }
            known = session.Folder.Count;
        };
        var nextLook = Now;
        var renewEvery = options.Lease / 3;
        while (true)
        {
            (bool, string)? poll = null;
            if (arrived || Now >= nextLook)
            {
                arrived = false;
                var look = await LookAsync(session, stop);
                nextLook = Now + options.PollInterval;
                arrived |= look.More;
                poll = (look.Failed == 0, look.Describe(session, settings.Folder));
            }
            if (!await WithDbAsync(db => MailboxLease.RenewAsync(db, mailboxId, owner, mailbox.UpdatedAt, Now, options.Lease, poll, stop))) return;
            if (arrived) continue;

            var wait = Min(Min(nextLook - Now, renewEvery), session.CanIdle ? Min(options.IdleRestart, MaxIdle) : TimeSpan.MaxValue);
            if (wait <= TimeSpan.Zero) continue;
            if (session.CanIdle)
            {
                using (idle = new CancellationTokenSource(wait, clock))
                {
                    await session.Client.IdleAsync(idle.Token, stop);
                }
                idle = null;
            }
            else
            {
                await Task.Delay(wait, clock, stop);
                await session.Client.NoOpAsync(stop);   // the server tells of new messages in its answer
            }
        }
    }

    private async Task<Look> LookAsync(ImapSession session, CancellationToken stop)
    {
        var folder = session.Folder;
        var pending = await folder.SearchAsync(SearchQuery.Not(SearchQuery.HasKeyword(BounceMailbox.ProcessedKeyword)), stop);
        var look = new Look { More = pending.Count > BatchSize };
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        var hasher = scope.ServiceProvider.GetRequiredService<AddressHasher>();
        foreach (var uid in pending.Take(BatchSize))
        {
            byte[] raw;
            try
            {
                await using var stream = await folder.GetStreamAsync(uid, 0, options.MaxMessageBytes, stop);
                using var buffer = new MemoryStream();
                await stream.CopyToAsync(buffer, stop);
                raw = buffer.ToArray();
            }
            catch (MessageNotFoundException)
            {
                continue;   // moved meanwhile (by another reader, or a person)
            }
            try
            {
                var processed = await BounceIntake.ProcessAsync(db, hasher, raw, "imap", Now, (null, "system"), stop);
                look.Count(processed);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // One bad message (or a database hiccup) must not stop the mailbox: it stays and is tried again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                look.Failed++;
                log.LogWarning(e, "Bounce mailbox {MailboxId}: message UID {Uid} could not be processed; it stays in {Folder} and is tried again at the next look.",
                    mailboxId, uid.Id, folder.FullName);
                continue;
            }
            if (session.Processed is { } target) await folder.MoveToAsync(uid, target, stop);
            else await folder.AddFlagsAsync(uid, MessageFlags.Seen, new HashSet<string>(StringComparer.Ordinal) { BounceMailbox.ProcessedKeyword }, silent: true, stop);
        }
        if (look.Processed + look.Failed > 0)
            log.LogInformation("Bounce mailbox {MailboxId}: {Processed} message(s) processed, {Failed} failed.", mailboxId, look.Processed, look.Failed);
        return look;
    }

    private async Task<T> WithDbAsync<T>(Func<ReOptInDb, Task<T>> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<ReOptInDb>());
    }

    private async Task WithDbAsync(Func<ReOptInDb, Task> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<ReOptInDb>());
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>What one look found.</summary>
    private sealed class Look
    {
        private readonly Dictionary<BounceAction, int> _byAction = [];

        public bool More { get; init; }

        public int Processed { get; private set; }

        public int Again { get; private set; }

        public int Failed { get; set; }

        public void Count(ProcessedBounce p)
        {
            Processed++;
            if (p.AlreadyProcessed) Again++;
            else _byAction[p.Report.Action] = _byAction.GetValueOrDefault(p.Report.Action) + 1;
        }

        public string Describe(ImapSession session, string folder)
        {
            var ci = CultureInfo.InvariantCulture;
            var fallback = session.ProcessedFallbackReason is { } why ? $" (processed messages are marked {BounceMailbox.ProcessedKeyword}: {why})" : "";
            if (Processed + Failed == 0) return string.Create(ci, $"{folder}: no new messages{fallback}; {Waiting(session)}.");
            var actions = string.Join(", ", _byAction.OrderBy(a => a.Key).Select(a => string.Create(ci, $"{a.Value} {a.Key}")));
            var text = string.Create(ci, $"{folder}: {Processed - Again} message(s) processed") + (actions.Length > 0 ? $" ({actions})" : "")
                + (Again > 0 ? string.Create(ci, $", {Again} already processed before") : "")
                + (Failed > 0 ? string.Create(ci, $"; {Failed} could not be processed and stay for the next look") : "")
                + (session.Processed is { } p ? $"; moved to {p.FullName}" : $"; marked {BounceMailbox.ProcessedKeyword}") + fallback;
            return $"{text}; {Waiting(session)}.";
        }

        private static string Waiting(ImapSession session) => session.CanIdle ? "waiting for new mail with IDLE" : "polling";
    }
}
