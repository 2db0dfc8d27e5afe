using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Logging;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Compliance;
using ReOptIn.Core.Data;
using ReOptIn.Core.Security;

namespace ReOptIn.Core.Confirming;

/// <summary>
/// What a contact's link can do: find the request, record a visit, confirm, decline. State moves
/// are conditional updates ("… where State = what I read"), so a scanner's visit, a double click
/// and a second instance can race without one answer overwriting another. Logs carry request ids,
/// never tokens or addresses.
/// </summary>
public sealed class ConfirmationService(ReOptInDb db, GroupCommit writes, TimeProvider clock, ConfirmingOptions options, HandOff.HandOffSignal handOff, ILogger<ConfirmationService> log)
{
    public const int MaxNameLength = 100;

    public async Task<RequestLink> FindAsync(string? token, CancellationToken ct)
    {
        if (!LooksLikeToken(token)) return RequestLink.Unknown;
        var link = LinkToken.Parse(token!);
        // One read-only statement (request, contact, campaign, sender); writes go through conditional updates.
        // A token with the request's id finds it by its key, an older one by its hash (ADR-0025).
        var request = link.RequestId is { } id
            ? await LookupsById.GetValue(db.Model, _ => CompileLookupById())(db, id, ct)
            : await Lookups.GetValue(db.Model, _ => CompileLookup())(db, SecretToken.Hash(link.Secret), ct);
        // The constant-time comparison is the check.
        var stored = link.RequestId is null ? request?.TokenHash : request?.LinkHash;
        if (request is null || stored is null || !SecretToken.Matches(link.Secret, stored)) return RequestLink.Unknown;
        var campaign = request.Campaign!;
        if (request.ContactId is null || request.Contact is null) return new RequestLink(LinkStatus.Erased, request, campaign, null);
        var closed = campaign.Status == CampaignStatus.Closed || campaign.EffectiveDeadline <= clock.GetUtcNow().UtcDateTime;
        return new RequestLink(closed ? LinkStatus.Closed : LinkStatus.Open, request, campaign, request.Contact);
    }

    /// <summary>
    /// Records a visit. A visit that looks like a person moves Sent to Visited (a funnel figure
    /// that proves nothing); an automated one is only recorded. Any visit settles an in-doubt
    /// send: the message did go out.
    /// </summary>
    public Task<RequestVisit> RecordVisitAsync(PermissionRequest request, string method, ClientInfo client, CancellationToken ct) =>
        RecordVisitAsync(request.Id, request.State, request.SentAt, method, client, ct);

    /// <summary>The same, from the request's id, the state it was read in, and when it was sent (the landing page's <see cref="LinkView"/>).</summary>
    public async Task<RequestVisit> RecordVisitAsync(long requestId, RequestState state, DateTime? sentAt, string method, ClientInfo client, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var reason = ScannerDetector.Classify(method, client.UserAgent, now, sentAt, options.ScannerWindow);
        var visit = new RequestVisit(requestId, now, method, client.IpAddress, client.UserAgent, reason);
        var moves = state == RequestState.InDoubt || (state == RequestState.Sent && reason is null);
        await writes.RunAsync(db, async (w, token) =>
        {
            // One plain statement without the change tracker: a visit is only ever inserted (the page's hottest write).
            await PublicWrites.InsertVisitAsync(w, visit, token);
            return moves && await MoveAsync(w, requestId, state, RequestState.Visited, now, token);
        }, ct);
        return visit;
    }

    public async Task<ConfirmOutcome> ConfirmAsync(RequestLink link, ConfirmInput input, ClientInfo client, string language, CancellationToken ct)
    {
        var request = link.Request!;
        if (StateTransitions.IsConsent(request.State)) return ConfirmOutcome.AlreadyConfirmed;
        if (StateTransitions.Suppresses(request.State)) return ConfirmOutcome.AlreadyDeclined;
        if (!StateTransitions.CanMove(request.State, RequestState.Confirmed)) return ConfirmOutcome.Unavailable;
        return await ConfirmAsync(await ReadConfirmationAsync(link, ct), input, client, language, ct);
    }

    /// <summary>
    /// What <see cref="LinkReader.FindForConfirmationAsync"/> reads in one statement, from the
    /// entities of <paramref name="link"/> and a query of the visits (the Razor page's path).
    /// </summary>
    public async Task<ConfirmationLink> ReadConfirmationAsync(RequestLink link, CancellationToken ct)
    {
        var (request, campaign, contact) = (link.Request!, link.Campaign!, link.Contact!);
        var visits = await db.Visits.AsNoTracking().Where(v => v.RequestId == request.Id).ToListAsync(ct);
        var view = new LinkView(request.Id, request.State, request.SentAt, contact.Id, contact.Email, contact.FirstName, contact.LastName,
            campaign.Status, campaign.EffectiveDeadline, campaign.Language, campaign.Name, campaign.Purpose, campaign.AskName,
            campaign.InterestOptions, campaign.ConsentStatement, campaign.Sender?.FromName);
        return new ConfirmationLink(view, campaign.Id, campaign.ConsentVersion, campaign.ApprovedContentHash,
            request.MessageId, campaign.IncentiveCode, campaign.IncentiveDescription, VisitEvidence.From(visits));
    }

    /// <summary>
    /// The same from a link read by <see cref="LinkReader.FindForConfirmationAsync"/> (the POST
    /// outside Razor Pages, ADR-0020): the receipt is the same entity, saved the same way.
    /// </summary>
    public async Task<ConfirmOutcome> ConfirmAsync(ConfirmationLink confirmation, ConfirmInput input, ClientInfo client, string language, CancellationToken ct)
    {
        var link = confirmation.Link;
        if (StateTransitions.IsConsent(link.State)) return ConfirmOutcome.AlreadyConfirmed;
        if (StateTransitions.Suppresses(link.State)) return ConfirmOutcome.AlreadyDeclined;
        if (!StateTransitions.CanMove(link.State, RequestState.Confirmed) || link.ContactId is not { } contactId || link.Email is null)
            return ConfirmOutcome.Unavailable;

        var now = clock.GetUtcNow().UtcDateTime;
        var evidence = confirmation.Evidence;
        var form = Clean(input, link.AskName, link.InterestOptions);
        var receipt = new ConsentReceipt(link.RequestId, confirmation.CampaignId, link.Email, link.ConsentStatement, confirmation.ConsentVersion,
            JsonSerializer.Serialize(form, FormJsonOptions), now, language)
        {
            IpAddress = client.IpAddress,
            UserAgent = client.UserAgent,
            SentAt = link.SentAt,
            MessageId = confirmation.MessageId,
            ApprovedContentHash = confirmation.ApprovedContentHash,
            FirstVisitAt = evidence.FirstVisitAt,
            VisitCount = evidence.VisitCount,
            AutomatedVisitCount = evidence.AutomatedVisitCount,
        };

        var outcome = await writes.RunAsync(db, async (w, token) =>
        {
            if (!await MoveAsync(w, link.RequestId, link.State, RequestState.Confirmed, now, token))
            {
                // Someone (a second click, another instance) moved it first: report what it is now.
                var current = await w.Requests.AsNoTracking().Where(r => r.Id == link.RequestId).Select(r => r.State).FirstAsync(token);
                return StateTransitions.IsConsent(current) ? ConfirmOutcome.AlreadyConfirmed
                    : StateTransitions.Suppresses(current) ? ConfirmOutcome.AlreadyDeclined : ConfirmOutcome.Unavailable;
            }
            if (link.AskName && (form.FirstName is not null || form.LastName is not null))
                await w.Contacts.Where(c => c.Id == contactId).ExecuteUpdateAsync(u => u
                    .SetProperty(c => c.FirstName, c => form.FirstName ?? c.FirstName)
                    .SetProperty(c => c.LastName, c => form.LastName ?? c.LastName), token);
            // The outbox: the hand-off to the marketing service commits with the "yes", or not at all.
            // Plain INSERTs with the columns EF writes (ADR-0020, second addendum): SaveChanges was 14 % of a confirmation.
            await PublicWrites.InsertReceiptAsync(w, receipt, new HandOff.HandOffEvent(link.RequestId, confirmation.CampaignId, now), token);
            return ConfirmOutcome.Confirmed;
        }, ct);
        if (outcome == ConfirmOutcome.Confirmed)
        {
            handOff.Notify();
            log.LogInformation("Request {RequestId} of campaign {CampaignId} confirmed", link.RequestId, confirmation.CampaignId);
        }
        return outcome;
    }

    /// <summary>
    /// "Remove me" (<see cref="SuppressionReason.Declined"/>) or one-click unsubscribe
    /// (<see cref="SuppressionReason.Unsubscribed"/>). Always honoured: after confirmation, after
    /// the deadline, for an erased contact. When the request's state cannot become Declined
    /// (still sending, expired) the address hash is suppressed all the same.
    /// </summary>
    public async Task<DeclineOutcome> DeclineAsync(PermissionRequest request, SuppressionReason reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (StateTransitions.Suppresses(request.State)) return DeclineOutcome.AlreadyDeclined;
        var canMove = StateTransitions.CanMove(request.State, RequestState.Declined);

        var outcome = await writes.RunAsync(db, async (w, token) =>
        {
            if (canMove && !await MoveAsync(w, request.Id, request.State, RequestState.Declined, now, token))
                return DeclineOutcome.AlreadyDeclined;
            // The list is unique by address: an address suppressed for another reason stays as it is.
            if (!await w.Suppressions.AnyAsync(s => s.AddressHash == request.AddressHash, token))
                w.Suppressions.Add(new Suppression(request.AddressHash, reason, now, $"request {request.Id}"));
            return DeclineOutcome.Declined;
        }, ct);
        if (outcome == DeclineOutcome.Declined)
            log.LogInformation("Request {RequestId} of campaign {CampaignId} declined ({Reason})", request.Id, request.CampaignId, reason);
        return outcome;
    }

    /// <summary>
    /// The conditional state move as one plain statement (<see cref="PublicWrites"/>): EF's
    /// <c>ExecuteUpdateAsync</c> cost 12 % of the confirmation's CPU, its raw-SQL path more than the statement.
    /// </summary>
    private static Task<bool> MoveAsync(ReOptInDb db, long requestId, RequestState from, RequestState to, DateTime at, CancellationToken ct) =>
        StateTransitions.CanMove(from, to) ? PublicWrites.MoveAsync(db, requestId, from, to, at, ct) : Task.FromResult(false);

    private static FormFields Clean(ConfirmInput input, bool askName, string? interestOptions)
    {
        var offered = InterestOptions(interestOptions);
        return new FormFields(
            askName ? Trim(input.FirstName) : null,
            askName ? Trim(input.LastName) : null,
            // Only interests the form offered, in the form's order.
            offered.Where(o => input.Interests.Contains(o, StringComparer.Ordinal)).ToList());
    }

    public static IReadOnlyList<string> InterestOptions(Campaign campaign) => InterestOptions(campaign.InterestOptions);

    /// <summary>The interests a form offers, one a line in the campaign's <see cref="Campaign.InterestOptions"/>.</summary>
    public static IReadOnlyList<string> InterestOptions(string? lines) =>
        (lines ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal).ToList();

    private static string? Trim(string? value)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed)) return null;
        return trimmed.Length > MaxNameLength ? trimmed[..MaxNameLength] : trimmed;
    }

    /// <summary>
    /// The link lookup, compiled once per model (the page's most frequent query; it skips EF's query
    /// cache lookup). A compiled query binds to the provider of the first context that runs it, and
    /// one process can hold a SQLite and a PostgreSQL app (the integration tests do): one per model.
    /// </summary>
    private static readonly ConditionalWeakTable<IModel, Func<ReOptInDb, byte[], CancellationToken, Task<PermissionRequest?>>> Lookups = new();

    private static Func<ReOptInDb, byte[], CancellationToken, Task<PermissionRequest?>> CompileLookup() =>
        EF.CompileAsyncQuery((ReOptInDb d, byte[] hash, CancellationToken ct) =>
            d.Requests.AsNoTracking().Include(r => r.Contact).Include(r => r.Campaign!).ThenInclude(c => c.Sender)
                .FirstOrDefault(r => r.TokenHash == hash));

    private static readonly ConditionalWeakTable<IModel, Func<ReOptInDb, long, CancellationToken, Task<PermissionRequest?>>> LookupsById = new();

    private static Func<ReOptInDb, long, CancellationToken, Task<PermissionRequest?>> CompileLookupById() =>
        EF.CompileAsyncQuery((ReOptInDb d, long id, CancellationToken ct) =>
            d.Requests.AsNoTracking().Include(r => r.Contact).Include(r => r.Campaign!).ThenInclude(c => c.Sender)
                .FirstOrDefault(r => r.Id == id));

    internal static bool LooksLikeToken(string? token) =>
        token is { Length: >= 16 and <= 128 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static readonly JsonSerializerOptions FormJsonOptions = new(JsonSerializerDefaults.Web);

    private sealed record FormFields(string? FirstName, string? LastName, IReadOnlyList<string> Interests);
}
