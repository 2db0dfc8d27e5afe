using MimeKit;

namespace ReOptIn.Core.Bounces;

/// <summary>
/// The request id carried in a VERP bounce address (bounces+{id}@example.com): the envelope recipient
/// the bounce was delivered to first, then the headers a mailbox keeps of it.
/// </summary>
internal static class VerpAddress
{
    private static readonly string[] EnvelopeHeaders = ["Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To", "To"];

    public static string? Find(MimeMessage? message, string? envelopeTo)
    {
        if (IdOf(envelopeTo) is { } fromEnvelope) return fromEnvelope;
        if (message is null) return null;
        foreach (var name in EnvelopeHeaders)
        {
            foreach (var header in message.Headers.Where(h => h.Field.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                foreach (var address in Addresses.All(header.Value))
                {
                    if (IdOf(address) is { } id) return id;
                }
            }
        }
        return null;
    }

    /// <summary>The part of the local part after the first '+' ("bounces+42@b.example" → "42").</summary>
    public static string? IdOf(string? address)
    {
        if (string.IsNullOrWhiteSpace(address)) return null;
        var text = address.Trim().Trim('<', '>');
        var at = text.LastIndexOf('@');
        if (at <= 0) return null;
        var local = text[..at];
        var plus = local.IndexOf('+', StringComparison.Ordinal);
        if (plus < 0 || plus == local.Length - 1) return null;
        return local[(plus + 1)..];
    }
}
