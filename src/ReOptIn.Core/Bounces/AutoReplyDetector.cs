using System.Text.RegularExpressions;
using MimeKit;

namespace ReOptIn.Core.Bounces;

/// <summary>
/// Messages that answer the request without being a bounce: vacation and other auto-replies (RFC 3834
/// Auto-Submitted, the older X-Autoreply and Precedence conventions, subject lines), and read receipts
/// (RFC 8098 disposition notifications). Checked after the bounce readers: mail systems mark their
/// bounces Auto-Submitted too.
/// </summary>
internal static partial class AutoReplyDetector
{
    [GeneratedRegex(@"^\s*(auto(matic)?[ -]?(reply|response|antwort|réponse|respuesta|risposta)|out of (the )?office|ooo\b|on vacation|vacation|absence|absent|abwesen|away from|i am away|congés|fuera de la oficina|assente|automatische|réponse automatique)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AutoSubject();

    /// <summary>The reason (<see cref="BounceReasons.AutoReply"/> or <see cref="BounceReasons.Receipt"/>), or null.</summary>
    public static string? Detect(MimeMessage message)
    {
        if (message.Body is MultipartReport { ReportType: { } type } && type.Equals("disposition-notification", StringComparison.OrdinalIgnoreCase))
            return BounceReasons.Receipt;
        if (MessageParts.Walk(message.Body).Any(p => MessageParts.Is(p, "message", "disposition-notification")))
            return BounceReasons.Receipt;

        var headers = message.Headers;
        var autoSubmitted = headers["Auto-Submitted"]?.Trim();
        if (autoSubmitted is { Length: > 0 } && !autoSubmitted.StartsWith("no", StringComparison.OrdinalIgnoreCase)) return BounceReasons.AutoReply;
        if (headers.Contains("X-Autoreply") || headers.Contains("X-Autorespond") || headers.Contains("X-Auto-Response-Suppress") && headers.Contains("X-MS-Exchange-Inbox-Rules-Loop"))
            return BounceReasons.AutoReply;
        var precedence = headers["Precedence"]?.Trim();
        if (precedence is not null && precedence.Equals("auto_reply", StringComparison.OrdinalIgnoreCase)) return BounceReasons.AutoReply;
        if (headers["X-Precedence"]?.Trim().Equals("auto_reply", StringComparison.OrdinalIgnoreCase) == true) return BounceReasons.AutoReply;

        var subject = message.Subject ?? "";
        if (AutoSubject().IsMatch(subject)) return BounceReasons.AutoReply;
        if (subject.StartsWith("Read:", StringComparison.OrdinalIgnoreCase) || subject.StartsWith("Lu :", StringComparison.OrdinalIgnoreCase)
            || subject.StartsWith("Gelesen:", StringComparison.OrdinalIgnoreCase))
            return BounceReasons.Receipt;
        return null;
    }
}
