namespace ReOptIn.Core.Bounces;

/// <summary>
/// The classifier's answer for one recipient of a returned message.
/// <paramref name="Reason"/> is a short stable code (see <see cref="BounceReasons"/>).
/// </summary>
public sealed record BounceVerdict(
    BounceClass Class,
    string Reason,
    string? Recipient,
    string? Status,
    string? DiagnosticCode,
    string? OriginalMessageId,
    string? VerpId);
