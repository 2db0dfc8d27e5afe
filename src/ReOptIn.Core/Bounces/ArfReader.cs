using System.Text.RegularExpressions;
using MimeKit;

namespace ReOptIn.Core.Bounces;

/// <summary>One complained-about recipient of an RFC 5965 feedback report.</summary>
internal sealed record ArfComplaint(string? Recipient, string FeedbackType);

/// <summary>
/// RFC 5965 Abuse Reporting Format (multipart/report; report-type=feedback-report), and Apple Mail's
/// unsubscribe message (X-Apple-Unsubscribe), which asks the same as a complaint: never mail me again.
/// </summary>
internal static partial class ArfReader
{
    [GeneratedRegex(@"^(Original-Rcpt-To|Removal-Recipient)\s*:\s*(.+)$", RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RecipientField();

    [GeneratedRegex(@"^Feedback-Type\s*:\s*([\w-]+)", RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TypeField();

    /// <summary>The complaints of the message, or an empty list when it is not a feedback report.</summary>
    public static IReadOnlyList<ArfComplaint> Read(MimeMessage message)
    {
        var report = MessageParts.Walk(message.Body).FirstOrDefault(p => MessageParts.Is(p, "message", "feedback-report"));
        if (report is null)
        {
            if (message.Headers["X-Apple-Unsubscribe"]?.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) == true)
                return [new ArfComplaint(message.From.Mailboxes.FirstOrDefault()?.Address, "opt-out")];
            return [];
        }

        var fields = MessageParts.TextOf(report).ReplaceLineEndings("\n");
        var type = TypeField().Match(fields) is { Success: true } t ? t.Groups[1].Value.ToLowerInvariant() : "abuse";
        List<string?> recipients = [.. RecipientField().Matches(fields)
            .Select(m => Addresses.FromField(m.Groups[2].Value))
            .OfType<string>()
            .Distinct(StringComparer.OrdinalIgnoreCase)];
        if (recipients.Count == 0)
        {
            // Many reporters redact the fields; the returned message's To still names the recipient.
            var original = OriginalMessage.Find(message);
            var to = original?.To.Mailboxes.FirstOrDefault()?.Address;
            recipients.Add(to is null ? null : Addresses.Normalise(to));
        }
        return recipients.Select(r => new ArfComplaint(r, type)).ToList();
    }
}
