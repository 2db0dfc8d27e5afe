using MimeKit;

namespace ReOptIn.Core.Bounces;

/// <summary>
/// What a message returned to the bounce address means: hard, soft, complaint, not a bounce, or unknown,
/// with a reason and the recipient. Pure and total: bad input gives <see cref="BounceClass.Unknown"/>, never an exception.
/// </summary>
public static class BounceClassifier
{
    /// <summary>The verdict for the message: its first failed recipient (a request has one recipient).</summary>
    /// <param name="message">The returned message.</param>
    /// <param name="envelopeTo">The envelope recipient it was delivered to (the VERP address), when the intake knows it.</param>
    public static BounceVerdict Classify(MimeMessage message, string? envelopeTo = null) => Primary(ClassifyAll(message, envelopeTo));

    /// <summary>Loads a raw message (RFC 5322, any line ends) and classifies it.</summary>
    public static BounceVerdict Classify(Stream raw, string? envelopeTo = null) => Primary(ClassifyAll(raw, envelopeTo));

    /// <summary>One verdict per recipient the message reports on, in the order of the report; never empty.</summary>
    public static IReadOnlyList<BounceVerdict> ClassifyAll(Stream raw, string? envelopeTo = null)
    {
        MimeMessage message;
        try
        {
            ArgumentNullException.ThrowIfNull(raw);
            message = MimeMessage.Load(LineEnds.Normalise(raw));
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IOException or InvalidOperationException or NotSupportedException)
        {
            return [Unparseable(null, envelopeTo)];
        }
        return ClassifyAll(message, envelopeTo);
    }

    /// <inheritdoc cref="ClassifyAll(Stream, string?)"/>
    public static IReadOnlyList<BounceVerdict> ClassifyAll(MimeMessage message, string? envelopeTo = null)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(message);
            var verdicts = Read(message);
            var verp = VerpAddress.Find(message, envelopeTo);
            return verdicts.Select(v => v with { VerpId = verp }).ToList();
        }
#pragma warning disable CA1031 // A classifier of untrusted mail must answer for any input; the caller files the message for review.
        catch (Exception)
#pragma warning restore CA1031
        {
            return [Unparseable(message, envelopeTo)];
        }
    }

    private static BounceVerdict Unparseable(MimeMessage? message, string? envelopeTo)
    {
        string? verp = null;
        try
        {
            verp = VerpAddress.Find(message, envelopeTo);
        }
#pragma warning disable CA1031 // as above: the verdict is what matters
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        return new BounceVerdict(BounceClass.Unknown, BounceReasons.Unparseable, null, null, null, null, verp);
    }

    private static BounceVerdict Primary(IReadOnlyList<BounceVerdict> verdicts) =>
        verdicts.FirstOrDefault(v => v.Class is BounceClass.Hard or BounceClass.Complaint)
        ?? verdicts.FirstOrDefault(v => v.Class is BounceClass.Soft)
        ?? verdicts[0];

    private static List<BounceVerdict> Read(MimeMessage message, int depth = 0)
    {
        var text = MessageParts.HumanText(message);
        var messageId = OriginalMessage.MessageId(message, text);

        // 1. Complaints: an ARF report (before auto-replies: Apple's unsubscribe mail is Auto-Submitted too).
        var complaints = ArfReader.Read(message);
        if (complaints.Count > 0)
            return [.. complaints.Select(c => new BounceVerdict(BounceClass.Complaint, BounceReasons.Complaint, c.Recipient, null, c.FeedbackType, messageId, null))];

        // 2. RFC 3464 delivery status notifications; the text part fills in what the fields leave out.
        var dsn = DsnReader.Read(message);
        if (dsn.Count == 0 && text.Contains("Final-Recipient:", StringComparison.OrdinalIgnoreCase))
            dsn = [.. DsnReader.Parse(text)]; // the DSN fields pasted into the text part, or a broken boundary
        var own = OwnAddresses(message);
        if (dsn.Count > 0)
        {
            var fromText = PlainTextBounce.Read(text, own, OriginalRecipient(message, own), message.Subject ?? "");
            return [.. dsn.Select((r, i) => FromDsn(r, Match(fromText, r.Recipient, i, dsn.Count), messageId))];
        }

        // 3. Amazon SES notifications sent as mail.
        var ses = SesNotification.Read(text);
        if (ses.Count > 0) return [.. ses];

        // 4. A bounce forwarded as an attachment: read the attached report.
        if (depth == 0 && OriginalMessage.Find(message) is { Body: MultipartReport } forwarded)
            return Read(forwarded, depth + 1);

        // 5. Read receipts, then plain-text bounces, then auto-replies.
        var notBounce = AutoReplyDetector.Detect(message);
        if (notBounce == BounceReasons.Receipt) return [None(notBounce, message, messageId)];
        if (PlainTextBounce.LooksLikeBounce(message, text))
        {
            return [.. PlainTextBounce.Read(text, own, OriginalRecipient(message, own), message.Subject ?? "").Select(f => FromText(f, messageId))];
        }
        if (notBounce is not null) return [None(notBounce, message, messageId)];
        return [new BounceVerdict(BounceClass.Unknown, BounceReasons.Unknown, null, null, null, messageId, null)];
    }

    private static string? OriginalRecipient(MimeMessage message, HashSet<string> own)
    {
        var to = OriginalMessage.Find(message)?.To.Mailboxes.Select(m => Addresses.Normalise(m.Address)).FirstOrDefault(a => !own.Contains(a));
        return to;
    }

    /// <summary>The text's account of a DSN recipient: the same address, else the same position when the counts agree.</summary>
    private static TextFailure? Match(IReadOnlyList<TextFailure> fromText, string? recipient, int index, int count) =>
        fromText.FirstOrDefault(f => recipient is not null && string.Equals(f.Recipient, recipient, StringComparison.OrdinalIgnoreCase))
        ?? (fromText.Count == count ? fromText[index] : null);

    private static BounceVerdict None(string reason, MimeMessage message, string? messageId) =>
        new(BounceClass.None, reason, message.From.Mailboxes.FirstOrDefault()?.Address is { } from ? Addresses.Normalise(from) : null, null, null, messageId, null);

    private static BounceVerdict FromDsn(DsnRecipient r, TextFailure? text, string? messageId)
    {
        var recipient = r.Recipient ?? text?.Recipient;
        var status = r.Status;
        // "Status: 5.0.0" says only "failed"; the code in the diagnostic or the text says why.
        if (StatusCodes.IsGeneric(status))
            status = StatusCodes.FindEnhanced(r.DiagnosticCode) is { } specific && !specific.StartsWith('2') ? specific : status ?? text?.Status;
        var diagnostic = r.DiagnosticCode ?? text?.Diagnostic;
        // A relay that wraps the remote server's answer ("5.1.0 - Unknown address error 550-'5.7.1 … Access denied'"): the inner answer is the real one.
        var remote = StatusCodes.InnerAnswer(r.DiagnosticCode);
        if (remote is not null) status = remote.Value.Status;
        if (r.Action is "delivered" or "deliverable" or "relayed" or "expanded" || status is not null && status.StartsWith('2') && string.IsNullOrEmpty(r.Action))
            return new BounceVerdict(BounceClass.None, BounceReasons.Delivered, recipient, status, diagnostic, messageId, null);

        var reason = BouncePhrases.Find(remote?.Text)
            ?? BouncePhrases.Find(r.DiagnosticCode)
            ?? text?.Reason
            ?? StatusCodes.ReasonOf(status)
            ?? BouncePhrases.FindWeak(r.DiagnosticCode)
            ?? BouncePhrases.FindWeak(text?.Context)
            ?? text?.WholeTextReason
            ?? (r.Action == "delayed" ? BounceReasons.Delayed : null);
        reason = ReasonRules.Apply(reason, status, StatusCodes.FindReply(r.DiagnosticCode) ?? text?.ReplyCode, r.DiagnosticCode, text?.Context);
        if (r.Action == "delayed" && BounceReasons.ClassOf(reason, status) != BounceClass.Soft) reason = BounceReasons.Delayed; // not final: nothing is permanent yet
        return new BounceVerdict(BounceReasons.ClassOf(reason, status), reason, recipient, status, diagnostic, messageId, null);
    }

    private static BounceVerdict FromText(TextFailure f, string? messageId)
    {
        var reason = f.Reason ?? StatusCodes.ReasonOf(f.Status) ?? BouncePhrases.FindWeak(f.Context) ?? f.WholeTextReason;
        reason = ReasonRules.Apply(reason, f.Status, f.ReplyCode, null, f.Diagnostic + "\n" + f.Context);
        return new BounceVerdict(BounceReasons.ClassOf(reason, f.Status), reason, f.Recipient, f.Status, f.Diagnostic, messageId, null);
    }

    /// <summary>The sender's side: the bounce's To and the returned message's From and Return-Path are never the failed recipient.</summary>
    private static HashSet<string> OwnAddresses(MimeMessage message)
    {
        var own = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        // The bounce's From too: a person who forwards a bounce is not the address that failed.
        foreach (var m in message.To.Mailboxes.Concat(message.From.Mailboxes)) own.Add(Addresses.Normalise(m.Address));
        var original = OriginalMessage.Find(message);
        if (original is not null)
        {
            foreach (var m in original.From.Mailboxes.Concat(original.Sender is null ? [] : [original.Sender])) own.Add(Addresses.Normalise(m.Address));
            foreach (var a in Addresses.All(original.Headers["Return-Path"] ?? "")) own.Add(a);
        }
        return own;
    }
}
