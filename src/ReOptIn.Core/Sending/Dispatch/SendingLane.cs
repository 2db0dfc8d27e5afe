using System.Globalization;
using System.Threading.RateLimiting;
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
/// One connection to a sender's relay: claims a small group of requests, marks them <c>Sending</c>
/// with their tokens in one transaction, hands each to the relay, and records the group's outcomes
/// in a second one. A process that dies in between leaves at most one group in doubt.
/// Runs until the sender's sending campaigns have nothing due.
/// </summary>
internal sealed class SendingLane(SenderContext sender, IServiceScopeFactory scopes, RequestRenderer renderer, DispatchOptions options,
    TimeProvider clock, ILogger log, string owner)
{
    private RelayClient? _relay;

    public async Task RunAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ReOptInDb>();
                (Campaign Campaign, List<ClaimedRequest> Requests)? group;
                using (await WriterGate.EnterAsync(db, stop))
                    group = await ClaimAsync(db, stop);
                if (group is null) return;
                await SendGroupAsync(db, group.Value.Campaign, group.Value.Requests, stop);
                using (await WriterGate.EnterAsync(db, stop))
                    await CampaignChecks.AfterGroupAsync(db, group.Value.Campaign.Id, options, clock, stop);
            }
        }
        finally
        {
            if (_relay is not null) await _relay.DisposeAsync();
        }
    }

    private async Task<(Campaign Campaign, List<ClaimedRequest> Requests)?> ClaimAsync(ReOptInDb db, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var campaignIds = await db.Campaigns.Where(c => c.SenderProfileId == sender.Profile.Id && c.Status == CampaignStatus.Sending)
            .OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(ct);
        var exhausted = sender.Domains.Exhausted();
        foreach (var campaignId in campaignIds)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            object[] parameters = [owner, now + options.Lease, now, campaignId, options.GroupSize, .. exhausted];
            var ids = await db.Database.SqlQueryRaw<long>(DispatchSql.Claim(db, exhausted.Count), parameters).ToListAsync(ct);
            if (ids.Count == 0)
            {
                await transaction.RollbackAsync(ct);
                continue;
            }
            var campaign = await db.Campaigns.Include(c => c.Sender).Include(c => c.Lists).AsSplitQuery().SingleAsync(c => c.Id == campaignId, ct);
            var listIds = campaign.Lists.Select(l => l.Id).ToList();
            var requests = await db.Requests.Include(r => r.Contact).Where(r => ids.Contains(r.Id)).OrderBy(r => r.Id).ToListAsync(ct);
            var contactIds = requests.Select(r => r.ContactId).ToList();
            var sources = (await db.Memberships.Where(m => contactIds.Contains(m.ContactId) && listIds.Contains(m.ListId))
                    .Select(m => new { m.ContactId, m.Source, ListSource = m.List!.Source }).ToListAsync(ct))
                .GroupBy(m => m.ContactId).ToDictionary(g => g.Key, g => (g.Select(m => m.Source).FirstOrDefault(s => s != null), g.First().ListSource));
            var claimed = new List<ClaimedRequest>(requests.Count);
            foreach (var r in requests)
            {
                var token = r.IssueToken();
                r.MessageId = RequestMessageBuilder.NewMessageId(sender.Profile.FromDomain);
                r.FirstAttemptAt ??= now;
                var (rowSource, listSource) = sources.GetValueOrDefault(r.ContactId ?? 0);
                claimed.Add(new ClaimedRequest(r, token, r.Contact?.Email ?? "", r.Contact?.FirstName, r.Contact?.LastName, rowSource, listSource));
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return (campaign, claimed);
        }
        return null;
    }

    private async Task SendGroupAsync(ReOptInDb db, Campaign campaign, List<ClaimedRequest> group, CancellationToken ct)
    {
        var content = new RequestContent(campaign.Subject, campaign.BodyMarkdown, campaign.Language);
        foreach (var item in group)
        {
            var r = item.Request;
            try
            {
                if (r.ContactId is null || item.Email.Length == 0) throw new RelayException(RelayProblem.Rejected, "The contact was erased before the request went out.", permanent: true);
                using var lease = await sender.Rate.AcquireAsync(1, ct);
                await sender.Domains.TakeAsync(r.RecipientDomain, ct);
                _relay ??= await RelayClient.ConnectAsync(sender.Relay, ct);
                var links = PublicLinks.For(sender.PublicBaseUrl, item.Token);
                var rendered = renderer.Render(content, RequestValuesFor.Contact(campaign, item.FirstName, item.LastName, item.RowSource, item.ListSource, links));
                var verpId = r.Id.ToString(CultureInfo.InvariantCulture);
                var envelopeFrom = RequestMessageBuilder.EnvelopeSender(sender.Profile.Identity, verpId);
                var name = string.Join(' ', new[] { item.FirstName, item.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
                var message = RequestMessageBuilder.Build(new OutgoingRequest(sender.Profile.Identity, item.Email, name.Length == 0 ? null : name, rendered,
                    r.MessageId!, links.UnsubscribeUrl, $"mailto:{envelopeFrom}?subject=unsubscribe", verpId), sender.Dkim, clock.GetUtcNow());
                await _relay.SendAsync(message, envelopeFrom, item.Email, ct);
                r.LastError = null;
                r.LeaseExpiresAt = null;
                r.MoveTo(RequestState.Sent, clock.GetUtcNow().UtcDateTime);
            }
            catch (RelayException e)
            {
                var suppression = SendOutcome.Fail(r, e, clock.GetUtcNow().UtcDateTime, options);
                if (suppression is not null && !await db.Suppressions.AnyAsync(s => s.AddressHash == suppression.AddressHash, ct))
                    db.Suppressions.Add(suppression);
                log.LogWarning("Request {RequestId} to {Recipient}: {Outcome}. {Problem}", r.Id, EmailMask.Mask(item.Email), r.State, e.Message);
                if (e.SmtpStatusCode is null && _relay is not null && !_relay.IsConnected || e.Problem is RelayProblem.Refused or RelayProblem.Dns or RelayProblem.Tls or RelayProblem.Authentication or RelayProblem.AuthenticationNotOffered or RelayProblem.Timeout)
                {
                    // The connection is unusable: drop it, and let the rest of the group wait for a better moment.
                    if (_relay is not null) await _relay.DisposeAsync();
                    _relay = null;
                    using (await WriterGate.EnterAsync(db, CancellationToken.None))
                    {
                        await db.SaveChangesAsync(CancellationToken.None);
                        await DeferRestAsync(db, group, item, e.Message, ct);
                    }
                    await Task.Delay(options.RelayPause, clock, ct);
                    return;
                }
            }
            catch (Exception e) when (e is TemplateProblemException or ArgumentException or FormatException or MimeKit.ParseException)
            {
                // A contact whose data makes no valid message (it was approved, so this is rare): fail it, never loop on it.
                r.LastError = "The message could not be built: " + e.Message;
                r.LeaseExpiresAt = null;
                r.MoveTo(RequestState.Failed, clock.GetUtcNow().UtcDateTime);
            }
        }
        // One commit for the group: a crash before it leaves the group in doubt, which the claim already bounded.
        using (await WriterGate.EnterAsync(db, CancellationToken.None))
            await db.SaveChangesAsync(CancellationToken.None);
    }

    private async Task DeferRestAsync(ReOptInDb db, List<ClaimedRequest> group, ClaimedRequest failed, string reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var rest in group.SkipWhile(g => g != failed).Skip(1))
            SendOutcome.Defer(rest.Request, now, options, "Not tried: " + reason);
        await db.SaveChangesAsync(ct);
    }
}
