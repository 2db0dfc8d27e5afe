namespace ReOptIn.Core.Bounces;

/// <summary>What ReOptIn did with a returned message.</summary>
public enum BounceAction
{
    /// <summary>Hard bounce: the request is bounced and the address suppressed.</summary>
    Bounced,

    /// <summary>Complaint: the request is complained and the address suppressed; counts toward the automatic pause.</summary>
    Complained,

    /// <summary>Soft bounce: counted; there is no second send.</summary>
    Counted,

    /// <summary>Not a bounce (auto-reply, delivery report): counted and ignored.</summary>
    Ignored,

    /// <summary>Unmatched or uncertain: waits on the review page for an admin's decision.</summary>
    NeedsReview,
}

/// <summary>
/// One returned message: the classifier's verdict, the request it matched, and the action taken.
/// The raw message is kept only while it needs review.
/// </summary>
public sealed class BounceReport
{
    public BounceReport(DateTime receivedAt, string source, BounceVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        ReceivedAt = receivedAt;
        Source = source;
        Class = verdict.Class;
        Reason = verdict.Reason;
        Status = verdict.Status;
        DiagnosticCode = verdict.DiagnosticCode is { Length: > 1000 } d ? d[..1000] : verdict.DiagnosticCode;
    }

    // For EF Core.
    private BounceReport()
    {
        Source = Reason = "";
    }

    public long Id { get; private set; }

    public DateTime ReceivedAt { get; private set; }

    /// <summary>"api", "upload" or "imap".</summary>
    public string Source { get; private set; }

    public BounceClass Class { get; private set; }

    public string Reason { get; private set; }

    public string? Status { get; private set; }

    public string? DiagnosticCode { get; private set; }

    public long? RequestId { get; set; }

    public int? CampaignId { get; set; }

    public BounceAction Action { get; set; }

    /// <summary>How the request was found: "verp", "message-id", "recipient", or null.</summary>
    public string? MatchedBy { get; set; }

    /// <summary>The message as received, for the review page; cleared once decided.</summary>
    public string? RawMessage { get; set; }

    /// <summary>The keyed hash of the recipient the report names, so an erasure finds unmatched messages too.</summary>
    public byte[]? RecipientHash { get; set; }

    /// <summary>
    /// The returned message's own identity (its Message-ID, else a hash of its bytes), unique: the same
    /// message read twice (two instances, a re-upload, a retried API call) is acted on once.
    /// </summary>
    public string? MessageKey { get; set; }

    public DateTime? DecidedAt { get; set; }

    public string? DecidedByUserId { get; set; }
}
