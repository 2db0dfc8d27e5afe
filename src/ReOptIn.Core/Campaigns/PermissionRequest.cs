using ReOptIn.Core.Contacts;

namespace ReOptIn.Core.Campaigns;

/// <summary>
/// The one request sent to one contact in one campaign. It outlives the contact's erasure
/// (<see cref="ContactId"/> becomes null) so that the report keeps its counts.
/// </summary>
public sealed class PermissionRequest
{
    public PermissionRequest(int campaignId, long contactId, byte[] addressHash, DateTime createdAt)
    {
        CampaignId = campaignId;
        ContactId = contactId;
        AddressHash = addressHash;
        CreatedAt = createdAt;
        StateChangedAt = createdAt;
    }

    /// <summary>
    /// A request as a sending lane holds it once claimed (state Sending): only what sending and recording
    /// an outcome use. Written back by marking the outcome's properties modified, never as a whole row.
    /// </summary>
    internal static PermissionRequest Claimed(long id, int campaignId, long? contactId, string recipientDomain, byte[] addressHash,
        string? messageId, int attempts, DateTime? firstAttemptAt) => new()
    {
        Id = id,
        CampaignId = campaignId,
        ContactId = contactId,
        RecipientDomain = recipientDomain,
        AddressHash = addressHash,
        MessageId = messageId,
        Attempts = attempts,
        FirstAttemptAt = firstAttemptAt,
        State = RequestState.Sending,
    };

    // For EF Core, which cannot bind the nullable ContactId to the constructor above.
    private PermissionRequest()
    {
        AddressHash = [];
    }

    public long Id { get; private set; }

    public int CampaignId { get; private set; }

    public Campaign? Campaign { get; private set; }

    public long? ContactId { get; private set; }

    public Contact? Contact { get; private set; }

    /// <summary>The recipient's domain (ASCII, lowercase), for the per-domain rate limit.</summary>
    public string RecipientDomain { get; private set; } = "";

    /// <summary>The contact's keyed address hash, kept after erasure for matching and counting.</summary>
    public byte[] AddressHash { get; private set; }

    /// <summary>
    /// SHA-256 of the secret in the links' token (<see cref="Security.LinkToken"/>), set when the request is
    /// claimed for sending; the token itself exists only in the email. Null until then: no link works.
    /// Found through the request's id, which the token carries (ADR-0025).
    /// </summary>
    public byte[]? LinkHash { get; private set; }

    /// <summary>
    /// SHA-256 of a link token without the request's id, as requests sent before ADR-0025 carry (found by
    /// this hash, through its index); null for requests sent since.
    /// </summary>
    public byte[]? TokenHash { get; private set; }

    public RequestState State { get; private set; } = RequestState.Queued;

    public DateTime CreatedAt { get; private set; }

    public DateTime StateChangedAt { get; private set; }

    public DateTime? SentAt { get; private set; }

    public DateTime? ConfirmedAt { get; private set; }

    /// <summary>
    /// The first visit that looked like a person (the move to <see cref="RequestState.Visited"/>). Kept
    /// when the state later becomes Expired, so that the report's "visited" survives the purge.
    /// </summary>
    public DateTime? VisitedAt { get; private set; }

    /// <summary>
    /// The campaign list the contact came from (the lowest id when in several), set at launch: the
    /// report's per-list breakdown, which must outlive the contact and its memberships. No foreign
    /// key: deleting a list leaves the number.
    /// </summary>
    public int? SourceListId { get; private set; }

    public string? MessageId { get; set; }

    /// <summary>The relay's last answer or the connection problem, in words an admin understands.</summary>
    public string? LastError { get; set; }

    /// <summary>Hand-overs tried; a temporary failure before acceptance is retried with backoff.</summary>
    public int Attempts { get; set; }

    /// <summary>The first hand-over attempt; temporary failures are retried for a day from here.</summary>
    public DateTime? FirstAttemptAt { get; set; }

    /// <summary>When a deferred request may be tried again.</summary>
    public DateTime? NextAttemptAt { get; set; }

    /// <summary>
    /// The instance (and connection) that holds the sending lease, and until when. The owner stays
    /// after the outcome is recorded: it says which instance handed the request over.
    /// </summary>
    public string? LeaseOwner { get; set; }

    public DateTime? LeaseExpiresAt { get; set; }

    public void MoveTo(RequestState next, DateTime at)
    {
        if (!StateTransitions.CanMove(State, next))
            throw new InvalidStateTransitionException($"A request cannot go from {State} to {next}.");
        if (next == RequestState.Sent) SentAt = at;
        if (next == RequestState.Confirmed) ConfirmedAt = at;
        if (next == RequestState.Visited) VisitedAt ??= at;
        State = next;
        StateChangedAt = at;
    }

    /// <summary>A new token for the links of this (saved) request; only its secret's hash is kept.</summary>
    public string IssueToken()
    {
        if (Id <= 0) throw new InvalidOperationException("A link token carries the request's id: save the request first.");
        var secret = Security.SecretToken.Create();
        LinkHash = Security.SecretToken.Hash(secret);
        return Security.LinkToken.Compose(Id, secret);
    }

    /// <summary>Erasure at the deadline or on request: the link to the person goes, the counts stay.</summary>
    public void ForgetContact() => ContactId = null;
}
