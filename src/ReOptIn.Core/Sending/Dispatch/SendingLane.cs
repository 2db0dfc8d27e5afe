using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Composing;
using ReOptIn.Core.Composing.Rendering;
using ReOptIn.Core.Data;
using ReOptIn.Core.Security;

namespace ReOptIn.Core.Sending.Dispatch;

/// <summary>
/// One connection to a sender's relay. Each turn is one unit of work: it records the outcomes of the
/// group last handed to the relay, judges the campaign's rates, and claims a group (marked
/// <c>Sending</c> with its tokens). The lane hands a group to the relay only once its claim is
/// committed, and while it does, the next turn runs (recording the group before, claiming the one
/// after), so the lane does not wait for commits and their fsync (ADR-0018). So every request is
/// durably <c>Sending</c> before it goes out and its outcome is written after, with one commit per
/// group, which on SQLite the lanes share with each other and with the public pages
/// (<see cref="GroupCommit"/>, ADR-0015). A process that dies leaves at most two groups per lane in doubt.
/// Runs until the sender's sending campaigns have nothing due.
/// </summary>
internal sealed class SendingLane(SenderContext sender, IServiceScopeFactory scopes, GroupCommit writes, RequestRenderer renderer, DispatchOptions options,
    ConcurrentDictionary<int, RateTally> tallies, TimeProvider clock, ILogger log, string owner)
{
    private RelayClient? _relay;

    // Campaigns do not change once approved (ADR-0007): one load per campaign for the lane's life.
    private readonly Dictionary<int, Campaign> _campaigns = [];

    public async Task RunAsync(CancellationToken stop)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
        // Outcomes not yet recorded (the group just sent, and any claimed group the lane will not send), and the group claimed next.
        List<SentGroup> done = [];
        ClaimedGroup? next = null;
        try
        {
            while (true)
            {
                if (next is null)
                {
                    // Nothing in hand: a turn on its own (at the start, after a relay failure, when nothing was due).
                    if (done.Count == 0 && stop.IsCancellationRequested) return;
                    var relayBroken = done.Any(d => d.RelayBroken);
                    next = await TurnAsync(db, done, claim: !stop.IsCancellationRequested && !relayBroken);
                    done = [];
                    if (relayBroken)
                    {
                        await Task.Delay(options.RelayPause, clock, stop);
                        continue;
                    }
                    if (next is null) return;
                }
                // The overlap (ADR-0018): the relay gets this group while the turn records the previous one and
                // claims the following one, so the lane never waits for a commit and its fsync.
                var turn = TurnAsync(db, done, claim: !stop.IsCancellationRequested);
                SentGroup sent;
                try
                {
                    sent = await SendGroupAsync(next, stop);
                }
                catch
                {
                    await ((Task)turn).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    throw;
                }
                ClaimedGroup? following;
                try
                {
                    following = await turn;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The turn recorded its own outcomes alone before failing; this group's go the same way.
                    await RecordWithRetriesAsync(db, [sent]);
                    throw;
                }
                done = [sent];
                if (following is not null && (sent.RelayBroken || stop.IsCancellationRequested))
                {
                    // Claimed while this group broke the connection or the app began to stop: not tried, it waits for a better moment.
                    var untried = new SentGroup(following.Campaign.Id);
                    DeferRest(untried, following, 0, sent.RelayBroken ? "the connection to the relay failed." : "the app was stopping.");
                    done.Add(untried);
                    following = null;
                }
                next = following;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            if (_relay is not null) await _relay.DisposeAsync();
        }
    }

    /// <summary>One committed unit: the outcomes of <paramref name="done"/>, then (if asked) the next claim. Returns after the commit.</summary>
    private async Task<ClaimedGroup?> TurnAsync(ReOptInDb db, IReadOnlyList<SentGroup> done, bool claim)
    {
        // Never given up on halfway (no stop token): outcomes must be written, and a committed claim must reach
        // the lane, which defers what it will not send (a claim nobody holds would turn into requests in doubt).
        var ct = CancellationToken.None;
        try
        {
            return await writes.RunAsync(db, async (unitDb, unitCt) =>
            {
                foreach (var group in done) await RecordAsync(unitDb, group, unitCt);
                return claim ? await ClaimAsync(unitDb, unitCt) : null;
            }, ct);
        }
        catch (Exception e) when (done.Count > 0 && e is not OperationCanceledException)
        {
            // The claim must not take the outcomes down with it: record them alone, then let the worker start again.
            log.LogWarning(e, "Recording the last group's outcomes or claiming the next failed; recording the outcomes on their own.");
            await RecordWithRetriesAsync(db, done);
            throw;
        }
    }

    /// <summary>
    /// While the database cannot be reached the outcomes wait here and are tried again, for half a lease:
    /// a short outage then leaves nothing in doubt. Later the in-doubt sweep may have settled the group,
    /// and the write only changes requests still <c>Sending</c>, so giving up is the only way to lose.
    /// </summary>
    private async Task RecordWithRetriesAsync(ReOptInDb db, IReadOnlyList<SentGroup> done)
    {
        var giveUpAt = clock.GetUtcNow() + options.Lease / 2;
        var wait = TimeSpan.FromMilliseconds(500);
        while (true)
        {
            db.ChangeTracker.Clear();
            try
            {
                await writes.RunAsync(db, async (unitDb, unitCt) =>
                {
                    foreach (var group in done) await RecordAsync(unitDb, group, unitCt);
                    return 0;
                }, CancellationToken.None);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException && clock.GetUtcNow() + wait < giveUpAt)
            {
                log.LogWarning("Recording the outcomes of {Count} message(s) failed ({Reason}); trying again in {Wait} s.",
                    done.Sum(d => d.Attempted), e.GetBaseException().Message, wait.TotalSeconds);
                await Task.Delay(wait, clock, CancellationToken.None);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    private async Task RecordAsync(ReOptInDb db, SentGroup done, CancellationToken ct)
    {
        if (done.Sent.Count > 0)
        {
            var parameters = new object?[done.Sent.Count * 2];
            for (var i = 0; i < done.Sent.Count; i++) (parameters[2 * i], parameters[2 * i + 1]) = (done.Sent[i].Id, done.Sent[i].At);
            await PlainCommands.ExecuteAsync(db, DispatchSql.RecordSent(done.Sent.Count), parameters, ct);
        }
        // The other outcomes (refusals, deferrals, in doubt) are rare: the tracked entities and suppressions,
        // saved here (inside the unit) so that the rates below count them.
        if (done.Changes.Count > 0 || done.Suppressions.Count > 0)
        {
            foreach (var change in done.Changes) change(db);
            foreach (var suppression in done.Suppressions)
                if (!await db.Suppressions.AnyAsync(s => s.AddressHash == suppression.AddressHash, ct)) db.Suppressions.Add(suppression);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        await CampaignChecks.AfterGroupAsync(db, tallies, done.CampaignId, done.Attempted, done.Refused, options, clock, ct);
    }

    private async Task<ClaimedGroup?> ClaimAsync(ReOptInDb db, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Plain commands (ADR-0025): EF's query and raw-SQL paths cost more than these statements.
        var campaignIds = await PlainCommands.QueryAsync(db, DispatchSql.SendingCampaigns, [sender.Profile.Id], r => r.GetInt32(0), ct);
        var exhausted = sender.Domains.Exhausted();
        var groupSize = Math.Clamp(options.GroupSize, 1, DispatchOptions.MaxGroupSize);
        foreach (var campaignId in campaignIds)
        {
            // Link secrets and Message-IDs for a full group, written by the claim itself where it can (ADR-0024): a
            // request is never Sending without its link, and only the secret's hash reaches the database.
            var issued = Issue(groupSize);
            var withTokens = DispatchSql.ClaimIssuesTokens(db);
            var parameters = new List<object?>(5 + exhausted.Count + 2 * groupSize) { owner, now + options.Lease, now, campaignId, groupSize };
            parameters.AddRange(exhausted);
            if (withTokens)
                foreach (var t in issued)
                {
                    parameters.Add(t.Hash);
                    parameters.Add(t.MessageId);
                }
            var ids = await PlainCommands.QueryAsync(db, DispatchSql.Claim(db, exhausted.Count, groupSize), parameters, r => r.GetInt64(0), ct);
            if (ids.Count == 0)
            {
                // Nothing due here: if nothing is waiting or on its way either, the campaign is done.
                await CampaignChecks.MarkSentIfDoneAsync(db, campaignId, ct);
                continue;
            }
            ids.Sort();
            if (!withTokens)
                await PlainCommands.ExecuteAsync(db, DispatchSql.IssueTokens(ids.Count),
                    [.. ids.SelectMany((id, i) => new object?[] { id, issued[i].Hash, issued[i].MessageId })], ct);
            var campaign = await CampaignAsync(db, campaignId, ct);
            // Only what sending and recording an outcome use (ADR-0024), not the whole row.
            var rows = await PlainCommands.QueryAsync(db, DispatchSql.ClaimedRows(ids.Count), [.. ids.Cast<object?>()], ClaimedRow.Read, ct);
            var sources = await SourcesAsync(db, rows, campaign, ct);
            var secrets = issued.ToDictionary(t => t.MessageId, t => t.Secret, StringComparer.Ordinal);
            var claimed = new List<ClaimedRequest>(rows.Count);
            foreach (var row in rows)
            {
                var r = PermissionRequest.Claimed(row.Id, campaignId, row.ContactId, row.RecipientDomain, row.AddressHash, row.MessageId, row.Attempts, row.FirstAttemptAt);
                var (rowSource, listSource) = sources.GetValueOrDefault(row.ContactId ?? 0);
                claimed.Add(new ClaimedRequest(r, LinkToken.Compose(row.Id, secrets[row.MessageId!]), row.Email ?? "", row.FirstName, row.LastName, rowSource, listSource));
            }
            return new ClaimedGroup(campaign, claimed);
        }
        return null;
    }

    /// <summary>Per contact: the source its row in one of the campaign's lists gave (the first there is), and such a list's source.</summary>
    private static async Task<Dictionary<long, (string? RowSource, string ListSource)>> SourcesAsync(ReOptInDb db, List<ClaimedRow> rows, Campaign campaign, CancellationToken ct)
    {
        List<object?> parameters = [.. rows.Where(r => r.ContactId is not null).Select(r => (object?)r.ContactId!.Value)];
        var contacts = parameters.Count;
        if (contacts == 0 || campaign.Lists.Count == 0) return [];
        parameters.AddRange(campaign.Lists.Select(l => (object?)l.Id));
        var memberships = await PlainCommands.QueryAsync(db, DispatchSql.Sources(contacts, campaign.Lists.Count), parameters,
            r => (ContactId: r.GetInt64(0), Source: r.IsDBNull(1) ? null : r.GetString(1), ListSource: r.GetString(2)), ct);
        return memberships.GroupBy(m => m.ContactId).ToDictionary(g => g.Key, g => (g.Select(m => m.Source).FirstOrDefault(s => s != null), g.First().ListSource));
    }

    /// <summary>A claimed request's row and its contact's (null once erased), as <see cref="DispatchSql.ClaimedRows"/> reads them.</summary>
    private sealed record ClaimedRow(long Id, long? ContactId, string RecipientDomain, byte[] AddressHash, string? MessageId, int Attempts, DateTime? FirstAttemptAt,
        string? Email, string? FirstName, string? LastName)
    {
        public static ClaimedRow Read(System.Data.Common.DbDataReader r) => new(r.GetInt64(0), r.IsDBNull(1) ? null : r.GetInt64(1), r.GetString(2),
            r.GetFieldValue<byte[]>(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetInt32(5),
            r.IsDBNull(6) ? null : DateTime.SpecifyKind(r.GetDateTime(6), DateTimeKind.Utc),
            r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8), r.IsDBNull(9) ? null : r.GetString(9));
    }

    /// <summary>
    /// New link secrets (only their hashes are stored) and Message-IDs for up to <paramref name="count"/> requests.
    /// The links' token adds the request's id in front (<see cref="LinkToken"/>) once the claim has told it.
    /// </summary>
    private IssuedSecret[] Issue(int count)
    {
        var issued = new IssuedSecret[count];
        for (var i = 0; i < count; i++)
        {
            var secret = SecretToken.Create();
            issued[i] = new IssuedSecret(secret, SecretToken.Hash(secret), RequestMessageBuilder.NewMessageId(sender.Profile.FromDomain, clock.GetUtcNow()));
        }
        return issued;
    }

    private readonly record struct IssuedSecret(string Secret, byte[] Hash, string MessageId);

    private async Task<Campaign> CampaignAsync(ReOptInDb db, int campaignId, CancellationToken ct)
    {
        if (!_campaigns.TryGetValue(campaignId, out var campaign))
            _campaigns[campaignId] = campaign = await db.Campaigns.AsNoTracking().Include(c => c.Sender).Include(c => c.Lists).AsSplitQuery()
                .SingleAsync(c => c.Id == campaignId, ct);
        return campaign;
    }

    /// <summary>Hands the group to the relay, one message after another; returns the outcomes to record.</summary>
    private async Task<SentGroup> SendGroupAsync(ClaimedGroup group, CancellationToken stop)
    {
        var campaign = group.Campaign;
        var result = new SentGroup(campaign.Id);
        var content = new RequestContent(campaign.Subject, campaign.BodyMarkdown, campaign.Language);
        for (var index = 0; index < group.Requests.Count; index++)
        {
            var item = group.Requests[index];
            var r = item.Request;
            try
            {
                if (r.ContactId is null || item.Email.Length == 0) throw new RelayException(RelayProblem.Rejected, "The contact was erased before the request went out.", permanent: true);
                // Waiting for the rate limits and connecting give up when the app stops; a message being handed over never does.
                using var lease = await sender.Rate.AcquireAsync(1, stop);
                await sender.Domains.TakeAsync(r.RecipientDomain, stop);
                _relay ??= await RelayClient.ConnectAsync(sender.Relay, stop);
                var links = PublicLinks.For(sender.PublicBaseUrl, item.Token);
                var rendered = renderer.Render(content, RequestValuesFor.Contact(campaign, item.FirstName, item.LastName, item.RowSource, item.ListSource, links));
                var verpId = r.Id.ToString(CultureInfo.InvariantCulture);
                var envelopeFrom = RequestMessageBuilder.EnvelopeSender(sender.Profile.Identity, verpId);
                var name = string.Join(' ', new[] { item.FirstName, item.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
                var message = RequestMessageBuilder.Build(new OutgoingRequest(sender.Profile.Identity, item.Email, name.Length == 0 ? null : name, rendered,
                    r.MessageId!, links.UnsubscribeUrl, $"mailto:{envelopeFrom}?subject=unsubscribe", verpId), sender.Dkim, clock.GetUtcNow());
                await _relay.SendAsync(message, envelopeFrom, item.Email, CancellationToken.None);
                result.Sent.Add((r.Id, clock.GetUtcNow().UtcDateTime));
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Stopping before this one was handed over: it and the rest wait for the next start.
                DeferRest(result, group, index, "the app was stopping.");
                return result;
            }
            catch (RelayException e)
            {
                var suppression = SendOutcome.Fail(r, e, clock.GetUtcNow().UtcDateTime, options);
                result.Changed(r);
                if (r.State != RequestState.Deferred) result.Finished++;
                if (r.State == RequestState.Failed) result.Refused++;
                if (suppression is not null) result.Suppressions.Add(suppression);
                log.LogWarning("Request {RequestId} to {Recipient}: {Outcome}. {Problem}", r.Id, EmailMask.Mask(item.Email), r.State, e.Message);
                if (e.SmtpStatusCode is null && _relay is not null && !_relay.IsConnected || e.Problem is RelayProblem.Refused or RelayProblem.Dns or RelayProblem.Tls or RelayProblem.Authentication or RelayProblem.AuthenticationNotOffered or RelayProblem.Timeout)
                {
                    // The connection is unusable: drop it, and let the rest of the group wait for a better moment.
                    if (_relay is not null) await _relay.DisposeAsync();
                    _relay = null;
                    DeferRest(result, group, index + 1, e.Message);
                    result.RelayBroken = true;
                    return result;
                }
            }
            catch (Exception e) when (e is TemplateProblemException or ArgumentException or FormatException or MimeKit.ParseException)
            {
                // A contact whose data makes no valid message (it was approved, so this is rare): fail it, never loop on it.
                r.LastError = "The message could not be built: " + e.Message;
                r.LeaseExpiresAt = null;
                r.MoveTo(RequestState.Failed, clock.GetUtcNow().UtcDateTime);
                result.Changed(r);
                result.Finished++;
            }
        }
        return result;
    }

    private void DeferRest(SentGroup result, ClaimedGroup group, int from, string reason)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var rest in group.Requests.Skip(from))
        {
            SendOutcome.Defer(rest.Request, now, options, "Not tried: " + reason);
            result.Changed(rest.Request);
        }
    }

    private sealed record ClaimedGroup(Campaign Campaign, List<ClaimedRequest> Requests);

    /// <summary>What became of a group: the accepted ones (written in one statement) and the changed entities of the rest.</summary>
    private sealed class SentGroup(int campaignId)
    {
        public int CampaignId { get; } = campaignId;

        public List<(long Id, DateTime At)> Sent { get; } = [];

        /// <summary>Writes for the other outcomes, applied to the recording context.</summary>
        public List<Action<ReOptInDb>> Changes { get; } = [];

        /// <summary>Addresses a relay refused as unknown (5.1.x), suppressed when recorded unless they already are.</summary>
        public List<Compliance.Suppression> Suppressions { get; } = [];

        /// <summary>Requests with a final outcome other than sent (failed, in doubt), and of those the ones refused for good.</summary>
        public int Finished { get; set; }

        public int Refused { get; set; }

        /// <summary>What the campaign's rates count as attempted: everything but the deferred.</summary>
        public int Attempted => Sent.Count + Finished;

        public bool RelayBroken { get; set; }

        /// <summary>
        /// The request (read without tracking) is written as the outcome left it: only what an outcome
        /// changes, so a contact erased meanwhile stays erased.
        /// </summary>
        public void Changed(PermissionRequest r) => Changes.Add(d =>
        {
            var entry = d.Requests.Attach(r);
            foreach (var property in OutcomeProperties) entry.Property(property).IsModified = true;
        });

        private static readonly string[] OutcomeProperties = [nameof(PermissionRequest.State), nameof(PermissionRequest.StateChangedAt),
            nameof(PermissionRequest.LastError), nameof(PermissionRequest.LeaseExpiresAt), nameof(PermissionRequest.NextAttemptAt)];
    }
}
