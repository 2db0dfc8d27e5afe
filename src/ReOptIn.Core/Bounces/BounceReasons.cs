namespace ReOptIn.Core.Bounces;

/// <summary>
/// The reason codes of a <see cref="BounceVerdict"/> (stable: stored and shown), and which class each one means.
/// The split follows sisimai's "hard bounce" set: only a missing address or domain is permanent;
/// blocks, filters and policy refusals are about the message or the sender, and may pass later.
/// </summary>
public static class BounceReasons
{
    public const string UserUnknown = "user-unknown";
    public const string DomainNotFound = "domain-not-found";
    public const string HasMoved = "has-moved";
    public const string NotAccept = "not-accept";
    public const string MailboxFull = "mailbox-full";
    public const string MessageTooLarge = "message-too-large";
    public const string ExceedLimit = "exceed-limit";
    public const string Suspended = "suspended";
    public const string Filtered = "filtered";
    public const string Blocked = "blocked";
    public const string Spam = "spam";
    public const string Virus = "virus";
    public const string Policy = "policy";
    public const string AuthFailure = "auth-failure";
    public const string RequirePtr = "require-ptr";
    public const string NotCompliantRfc = "not-compliant-rfc";
    public const string Rejected = "rejected";
    public const string RelayDenied = "relay-denied";
    public const string SecurityError = "security-error";
    public const string TooManyConnections = "too-many-connections";
    public const string Expired = "expired";
    public const string Delayed = "delayed";
    public const string NetworkError = "network-error";
    public const string SystemError = "system-error";
    public const string MailerError = "mailer-error";
    public const string SyntaxError = "syntax-error";
    public const string Complaint = "complaint";
    public const string AutoReply = "auto-reply";
    public const string Delivered = "delivered";
    public const string Receipt = "receipt";
    public const string Unknown = "unknown";
    public const string Unparseable = "unparseable";

    /// <summary>The class a failure reason means; <paramref name="status"/> decides only for <see cref="NotAccept"/> (a 4.x.x null MX may be fixed).</summary>
    public static BounceClass ClassOf(string reason, string? status) => reason switch
    {
        UserUnknown or DomainNotFound or HasMoved => BounceClass.Hard,
        NotAccept => status is not null && status.StartsWith('4') ? BounceClass.Soft : BounceClass.Hard,
        Complaint => BounceClass.Complaint,
        AutoReply or Delivered or Receipt => BounceClass.None,
        Unknown or Unparseable => BounceClass.Unknown,
        _ => BounceClass.Soft,
    };
}
