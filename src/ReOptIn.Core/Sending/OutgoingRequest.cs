using ReOptIn.Core.Composing;

namespace ReOptIn.Core.Sending;

/// <summary>Everything needed to turn one rendered request into a MIME message.</summary>
/// <param name="MessageId">As made by <see cref="RequestMessageBuilder.NewMessageId"/>; angle brackets optional.</param>
/// <param name="UnsubscribeUrl">An https URL enables one-click unsubscribe (RFC 8058).</param>
/// <param name="UnsubscribeMailto">An address, with or without the <c>mailto:</c> prefix.</param>
/// <param name="VerpId">Fills the <c>{id}</c> of a VERP bounce address.</param>
public sealed record OutgoingRequest(
    SenderIdentity Sender,
    string ToAddress,
    string? ToName,
    RenderedRequest Content,
    string MessageId,
    string? UnsubscribeUrl,
    string? UnsubscribeMailto,
    string? VerpId);
