using ReOptIn.Core.Sending;

namespace ReOptIn.Core.Bounces.Intake;

/// <summary>
/// The IMAP mailbox a sender's bounces arrive in (at most one per sender). The password is stored
/// only encrypted (<see cref="SenderSecrets"/>). The poll columns say how the last look went; the lease
/// columns say which app instance is reading it now, so two instances never read one mailbox at once.
/// </summary>
public sealed class BounceMailbox
{
    public const string DefaultFolder = "INBOX";
    public const string DefaultProcessedFolder = "ReOptIn/Processed";

    /// <summary>The IMAP keyword on a processed message that stays in its folder.</summary>
    public const string ProcessedKeyword = "$ReOptInProcessed";

    public BounceMailbox(int senderProfileId, DateTime updatedAt)
    {
        SenderProfileId = senderProfileId;
        UpdatedAt = updatedAt;
    }

    public int Id { get; private set; }

    public int SenderProfileId { get; private set; }

    /// <summary>Read it (true) or leave it alone (false) without losing the settings.</summary>
    public bool Enabled { get; set; } = true;

    public string Host { get; set; } = "";

    public int Port { get; set; } = 993;

    /// <summary>The same three choices as the relay: none, STARTTLS (143), TLS on connect (993).</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.SslOnConnect;

    public string Username { get; set; } = "";

    /// <summary>Encrypted with Data Protection.</summary>
    public string? PasswordProtected { get; set; }

    /// <summary>Where bounces arrive.</summary>
    public string Folder { get; set; } = DefaultFolder;

    /// <summary>
    /// Where processed messages are moved ('/' separates levels; created if missing). Empty: processed
    /// messages stay where they are, marked \Seen and <see cref="ProcessedKeyword"/>.
    /// </summary>
    public string? ProcessedFolder { get; set; } = DefaultProcessedFolder;

    /// <summary>Changes whenever the settings do: a running reader reconnects with the new ones.</summary>
    public DateTime UpdatedAt { get; set; }

    public DateTime? LastPollAt { get; set; }

    public bool? LastPollOk { get; set; }

    /// <summary>In plain words: what the last look found, or which step failed.</summary>
    public string? LastPollMessage { get; set; }

    /// <summary>The instance reading this mailbox, until <see cref="LeaseExpiresAt"/>.</summary>
    public string? LeaseOwner { get; set; }

    public DateTime? LeaseExpiresAt { get; set; }
}
