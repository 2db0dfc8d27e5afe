using MailKit.Net.Smtp;
using MimeKit;

namespace ReOptIn.Core.Sending;

/// <summary>
/// Remembers whether the relay accepted the recipient of the message being sent: a connection that
/// breaks after that point may have delivered the message (RFC 1047), one that breaks before did not.
/// </summary>
internal sealed class PhaseTrackingSmtpClient : SmtpClient
{
    public bool RecipientAccepted { get; private set; }

    public void StartMessage() => RecipientAccepted = false;

    protected override void OnRecipientAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
    {
        RecipientAccepted = true;
        base.OnRecipientAccepted(message, mailbox, response);
    }
}
