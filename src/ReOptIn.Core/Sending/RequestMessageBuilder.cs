using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MimeKit;
using MimeKit.Cryptography;

namespace ReOptIn.Core.Sending;

/// <summary>Builds the MIME message for one request: headers, both text parts, DKIM.</summary>
public static class RequestMessageBuilder
{
    public const string VerpPlaceholder = "{id}";

    // Listed in h= only when present, so the list says exactly what the message carries.
    private static readonly HeaderId[] OptionalSigned = [HeaderId.ListUnsubscribe, HeaderId.ListUnsubscribePost, HeaderId.ReplyTo];

    public static MimeMessage Build(OutgoingRequest r, DkimSettings? dkim, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(r);
        var message = new MimeMessage
        {
            Date = date,
            Subject = OneLine(r.Content.Subject),
            MessageId = r.MessageId.Trim().TrimStart('<').TrimEnd('>'),
        };
        message.From.Add(new MailboxAddress(OneLine(r.Sender.FromName), r.Sender.FromAddress.Trim()));
        if (!string.IsNullOrWhiteSpace(r.Sender.ReplyTo))
            message.ReplyTo.Add(MailboxAddress.Parse(r.Sender.ReplyTo.Trim()));
        message.To.Add(new MailboxAddress(OneLine(r.ToName ?? ""), r.ToAddress.Trim()));
        AddUnsubscribe(message, r.UnsubscribeUrl, r.UnsubscribeMailto);

        var text = new TextPart("plain");
        text.SetText("utf-8", r.Content.Text);
        var html = new TextPart("html");
        html.SetText("utf-8", r.Content.Html);
        message.Body = new MultipartAlternative { text, html };

        // Fix the transfer encodings now: a transport that re-encodes after signing breaks the body hash.
        message.Prepare(EncodingConstraint.SevenBit);
        if (dkim is not null) Sign(message, dkim);
        return message;
    }

    /// <summary>
    /// A fresh Message-ID in angle brackets at the sender's domain: 32 hex digits, the time in
    /// milliseconds (48 bits) then 80 random bits. The time first keeps the ids of a claimed group
    /// together in the index on <c>MessageId</c>, so writing them dirties a few pages instead of one
    /// random page per request; the Date header shows the time anyway.
    /// </summary>
    public static string NewMessageId(string domain, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        var ascii = new IdnMapping().GetAscii(domain.Trim().TrimEnd('.'));
        var millis = (ulong)Math.Max(0, at.ToUnixTimeMilliseconds()) & 0xFFFF_FFFF_FFFF;
        return string.Create(CultureInfo.InvariantCulture, $"<{millis:x12}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10))}@{ascii}>");
    }

    /// <summary>The SMTP MAIL FROM: the VERP address for this id, the fixed bounce address, or the From address.</summary>
    public static string EnvelopeSender(SenderIdentity s, string? verpId)
    {
        ArgumentNullException.ThrowIfNull(s);
        var bounce = s.BounceAddress?.Trim();
        if (string.IsNullOrEmpty(bounce)) return s.FromAddress.Trim();
        if (!bounce.Contains(VerpPlaceholder, StringComparison.Ordinal)) return bounce;
        if (string.IsNullOrEmpty(verpId)) return s.FromAddress.Trim();
        // The id lands in a local part: anything beyond these characters would need quoting.
        if (!verpId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '='))
            throw new ArgumentException($"The VERP id '{verpId}' may only hold letters, digits, '-', '_', '.' and '='.", nameof(verpId));
        return bounce.Replace(VerpPlaceholder, verpId, StringComparison.Ordinal);
    }

    private static void AddUnsubscribe(MimeMessage message, string? url, string? mailto)
    {
        var targets = new List<string>();
        var oneClick = false;
        if (!string.IsNullOrWhiteSpace(url))
        {
            if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                throw new ArgumentException($"The unsubscribe URL '{url}' is not an absolute http(s) URL.", nameof(url));
            targets.Add(uri.AbsoluteUri);
            oneClick = uri.Scheme == Uri.UriSchemeHttps; // RFC 8058 one-click needs https
        }
        if (!string.IsNullOrWhiteSpace(mailto))
        {
            var value = mailto.Trim();
            if (!value.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)) value = "mailto:" + value;
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || !uri.Scheme.Equals(Uri.UriSchemeMailto, StringComparison.Ordinal) || uri.UserInfo.Length == 0 || uri.Host.Length == 0)
                throw new ArgumentException($"The unsubscribe address '{mailto}' is not an e-mail address.", nameof(mailto));
            targets.Add(uri.AbsoluteUri);
        }
        if (targets.Count == 0) return;

        // AbsoluteUri escapes spaces, angle brackets and controls, so no target can break out of its <...>.
        message.Headers.Add(HeaderId.ListUnsubscribe, string.Join(", ", targets.Select(t => $"<{t}>")));
        if (oneClick) message.Headers.Add(HeaderId.ListUnsubscribePost, "List-Unsubscribe=One-Click");
    }

    // Reading the PEM key costs about 20 ms; a sender's settings object lives as long as its sending does.
    // A signer holds only the immutable key and makes a new signing context per message, so lanes share it.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DkimSettings, DkimSigner> Signers = new();

    private static DkimSigner CreateSigner(DkimSettings dkim)
    {
        using var key = new MemoryStream(Encoding.ASCII.GetBytes(dkim.PrivateKeyPem));
        return new DkimSigner(key, dkim.Domain, dkim.Selector, DkimSignatureAlgorithm.RsaSha256)
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
        };
    }

    private static void Sign(MimeMessage message, DkimSettings dkim)
    {
        var signer = Signers.GetValue(dkim, CreateSigner);
        var signed = new List<HeaderId> { HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId };
        signed.AddRange(OptionalSigned.Where(message.Headers.Contains));
        signer.Sign(message, signed);
    }

    /// <summary>Names and subjects are one line: control characters (CR, LF, tab…) become spaces.</summary>
    private static string OneLine(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value) builder.Append(char.IsControl(c) ? ' ' : c);
        return string.Join(' ', builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
