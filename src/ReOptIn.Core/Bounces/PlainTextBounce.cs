using System.Text.RegularExpressions;
using MimeKit;

namespace ReOptIn.Core.Bounces;

/// <summary>One failed recipient found in the text of a bounce.</summary>
internal sealed record TextFailure(string? Recipient, string? Status, string? ReplyCode, string? Diagnostic, string? Reason, string? WholeTextReason, string Context);

/// <summary>
/// Bounces without a machine-readable part (qmail, older Exchange and Domino, Yahoo, Exim and Postfix
/// without DSN): the recipients are the addresses of the text before the returned message, less the
/// sender's own; each one's reason is read from the text that follows it up to the next recipient.
/// </summary>
internal static partial class PlainTextBounce
{
    // Where the returned message starts in the text of the bounce.
    [GeneratedRegex(@"^[ \t]*(-{2,}[^\n]*(original message|unsent message|returned message|copy of the message|message follows|message headers follow|below this line|message text follows|original message header)[^\n]*|original message follows[^\n]*|\[?original message headers?\]?:?)\s*$|^[ \t]*Received: from .*$",
        RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OriginalMarker();

    // What mail systems call themselves or their reports.
    [GeneratedRegex(@"mailer-daemon|post_?master|mail delivery (system|subsystem)|mail administrator|mailadmin|mdaemon|mail\.?delivery|bounce",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SystemSender();

    [GeneratedRegex(@"undeliver|undelivered|not delivered|non.?deliver|delivery (status notification|failure|failed|has failed|problem|notification)|failure notice|returned mail|returning message|mail delivery failed|could not be delivered|unable to deliver|delivery error|mail system error|non remis|unzustellbar|no se puede entregar|non consegnat|error sending|rejected|warning: message|delayed mail|bounce|unknown user|user unknown",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BounceSubject();

    [GeneratedRegex(@"qmail-send program|created automatically by mail delivery software|could not be delivered|couldn't be delivered|was not delivered|wasn't delivered|unable to deliver|delivery (has )?failed|permanent (fatal )?error|failed permanently|undeliverable|returned to sender|delivery to the following recipient|following address(es)? failed|message could not be sent|not be delivered|delivery status notification|remote host said|transcript of session",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BounceBody();

    /// <summary>Whether the message looks like a bounce at all (from a mail system, a bounce subject, or bounce wording).</summary>
    public static bool LooksLikeBounce(MimeMessage message, string text)
    {
        var from = message.From.ToString() + " " + message.Sender?.ToString() + " " + message.Headers["Return-Path"];
        return SystemSender().IsMatch(from) || BounceSubject().IsMatch(message.Subject ?? "") || BounceBody().IsMatch(Head(text));
    }

    /// <summary>The index where the returned message starts in the text, or -1.</summary>
    public static int OriginalStart(string text)
    {
        var m = OriginalMarker().Match(text);
        return m.Success ? m.Index : -1;
    }

    /// <summary>The text of the report without the returned message.</summary>
    public static string Head(string text)
    {
        var start = OriginalStart(text);
        return start >= 0 ? text[..start] : text;
    }

    /// <summary>
    /// The failed recipients of the text. <paramref name="own"/> holds the sender's addresses (never the recipient);
    /// <paramref name="fallback"/> is the returned message's To, used when the text names nobody.
    /// </summary>
    public static IReadOnlyList<TextFailure> Read(string text, ISet<string> own, string? fallback, string subject)
    {
        var normalised = text.ReplaceLineEndings("\n");
        var head = Head(normalised);
        var found = Addresses.AllWithIndex(head)
            .Where(a => !own.Contains(a.Address) && !Addresses.IsSystem(a.Address))
            .GroupBy(a => a.Address, StringComparer.OrdinalIgnoreCase)
            .Where(g => !g.Any(a => SenderSide(head, a.Index)))
            .Select(g => g.First())
            .OrderBy(a => a.Index)
            .ToList();

        // A session transcript names the recipient in RCPT TO: trust that over any other address.
        var rcpt = found.Where(a => RcptTo(head, a.Index)).ToList();
        if (rcpt.Count > 0) found = [.. rcpt, .. found.Except(rcpt).Where(a => a.Index < rcpt[0].Index)];
        found = [.. found.OrderBy(a => a.Index)];

        if (found.Count == 0)
        {
            var recipient = fallback ?? QuotedTo(normalised, own) ?? Addresses.All(subject).FirstOrDefault(a => !own.Contains(a) && !Addresses.IsSystem(a));
            return [Complete(Failure(recipient, head), head)];
        }

        var failures = new List<TextFailure>();
        for (var i = 0; i < found.Count; i++)
        {
            var end = i + 1 < found.Count ? found[i + 1].Index : head.Length;
            var context = head[found[i].Index..end];
            failures.Add(Failure(found[i].Address, context));
        }

        // Several addresses, and one is followed by nothing said about it: it was quoted (a list, an alias), not refused.
        if (failures.Count > 1 && failures.Any(f => f.Reason is not null || f.Status is not null))
        {
            var said = failures.Where(f => f.Reason is not null || f.Status is not null || f.ReplyCode is not null || Words(f.Context) >= 40).ToList();
            if (said.Count > 0) failures = said;
        }
        return failures.Select(f => Complete(f, head)).ToList();
    }

    private static int Words(string context)
    {
        var rest = context.Length > 0 && Addresses.First(context) is { } first ? context[Math.Min(context.Length, first.Length)..] : context;
        return rest.Count(c => !char.IsWhiteSpace(c) && c is not ('<' or '>' or ':' or '(' or ')'));
    }

    // "From: x", "MAIL FROM:<x>", "envelope-from <x>", "(generated from x)", "contact <x>": the sender's side, an alias or a help desk.
    private static bool SenderSide(string text, int index)
    {
        var before = text[Math.Max(0, index - 20)..index].ToLowerInvariant();
        return before.Contains("from:", StringComparison.Ordinal) || before.Contains("generated from", StringComparison.Ordinal)
            || before.Contains("envelope-from", StringComparison.Ordinal) || before.Contains("sender:", StringComparison.Ordinal)
            || before.Contains("reply-to:", StringComparison.Ordinal) || before.Contains("return-path:", StringComparison.Ordinal)
            || before.Contains("contact", StringComparison.Ordinal) || before.Contains("send mail to", StringComparison.Ordinal) // the help desk named in the boilerplate
            || before.Contains("message-id", StringComparison.Ordinal) || before.Contains("references:", StringComparison.Ordinal) || before.Contains("in-reply-to", StringComparison.Ordinal);
    }

    private static bool RcptTo(string text, int index) =>
        text[Math.Max(0, index - 12)..index].Contains("rcpt to:", StringComparison.OrdinalIgnoreCase);

    /// <summary>The To of the returned message quoted in the text after "original message follows".</summary>
    private static string? QuotedTo(string text, ISet<string> own)
    {
        var start = OriginalStart(text);
        if (start < 0) return null;
        var m = QuotedToLine().Match(text, start);
        return m.Success ? Addresses.All(m.Groups[1].Value).FirstOrDefault(a => !own.Contains(a)) : null;
    }

    [GeneratedRegex(@"^To:\s*(.+)$", RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuotedToLine();

    private static TextFailure Failure(string? recipient, string context) => new(
        recipient, StatusCodes.FindEnhanced(context), StatusCodes.FindReply(context), DiagnosticOf(context, recipient), BouncePhrases.Find(context), null, context);

    // What the recipient's own lines do not say, the whole report may.
    private static TextFailure Complete(TextFailure failure, string whole) => failure with
    {
        Status = failure.Status ?? StatusCodes.FindEnhanced(whole),
        ReplyCode = failure.ReplyCode ?? StatusCodes.FindReply(whole),
        WholeTextReason = BouncePhrases.Find(whole),
    };

    /// <summary>The line that explains the failure: the first one with a reply code, else the first after the address.</summary>
    private static string? DiagnosticOf(string context, string? recipient)
    {
        var lines = context.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var coded = lines.FirstOrDefault(l => StatusCodes.FindReply(l) is not null || StatusCodes.FindEnhanced(l) is not null);
        var line = coded ?? lines.FirstOrDefault(l => recipient is null || !l.Trim('<', '>', ':', ' ').Equals(recipient, StringComparison.OrdinalIgnoreCase));
        if (line is null) return null;
        return line.Length > 300 ? line[..300] : line;
    }
}
