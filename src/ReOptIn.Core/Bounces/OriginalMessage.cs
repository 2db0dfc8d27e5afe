using System.Text.RegularExpressions;
using MimeKit;

namespace ReOptIn.Core.Bounces;

/// <summary>The message that was returned: a message/rfc822 or text/rfc822-headers part, or headers quoted in the text.</summary>
internal static partial class OriginalMessage
{
    [GeneratedRegex(@"^\s*Message-I[Dd]\s*:\s*(<[^>\s]+>|\S+)", RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MessageIdLine();

    public static MimeMessage? Find(MimeMessage message)
    {
        foreach (var part in MessageParts.Walk(message.Body))
        {
            if (part is MessagePart { Message: { } returned }) return returned; // message/rfc822 and text/rfc822-headers
        }
        return null;
    }

    /// <summary>The Message-ID of the returned message, without angle brackets.</summary>
    public static string? MessageId(MimeMessage message, string humanText)
    {
        var returned = Find(message);
        if (returned?.MessageId is { Length: > 0 } id) return id;

        // A text/rfc822-headers part that MimeKit kept as text, or the headers quoted after "original message follows".
        foreach (var part in MessageParts.Walk(message.Body))
        {
            if (MessageParts.Is(part, "text", "rfc822-headers") && FromText(MessageParts.TextOf(part)) is { } fromPart) return fromPart;
        }
        var boundary = PlainTextBounce.OriginalStart(humanText);
        return boundary >= 0 ? FromText(humanText[boundary..]) : null;
    }

    private static string? FromText(string text) =>
        MessageIdLine().Match(text) is { Success: true } m ? m.Groups[1].Value.Trim('<', '>') : null;
}
