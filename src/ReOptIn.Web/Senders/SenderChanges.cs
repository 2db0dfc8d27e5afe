using ReOptIn.Core.Sending;

namespace ReOptIn.Web.Senders;

/// <summary>
/// A sender profile as the page or the API submits it. A null <see cref="SmtpPassword"/> or
/// <see cref="DkimPrivateKeyPem"/> keeps the stored secret (secrets are never sent back to the browser).
/// </summary>
public sealed record SenderChanges
{
    public string? Name { get; init; }
    public string? FromName { get; init; }
    public string? FromAddress { get; init; }
    public string? ReplyTo { get; init; }
    public string? PostalAddress { get; init; }
    public string? SmtpHost { get; init; }
    public int SmtpPort { get; init; } = 587;
    public SmtpSecurity SmtpSecurity { get; init; } = SmtpSecurity.StartTls;
    public string? SmtpUsername { get; init; }
    public string? SmtpPassword { get; init; }
    public bool ClearSmtpPassword { get; init; }
    public int MaxConnections { get; init; } = 2;
    public int MessagesPerSecond { get; init; } = 10;
    public int PerDomainPerMinute { get; init; } = 120;
    public string? DkimDomain { get; init; }
    public string? DkimSelector { get; init; }
    public string? DkimPrivateKeyPem { get; init; }
    public bool RemoveDkim { get; init; }
    public string? BounceAddress { get; init; }

    /// <summary>Problems by field name (the API's camelCase names), each saying how to fix it.</summary>
    public Dictionary<string, string[]> Validate(bool hasStoredDkimKey)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [message];

        if (string.IsNullOrWhiteSpace(Name)) Fail("name", "Give the sender a name, e.g. “Shop newsletter (Postmark relay)”.");
        else if (Name.Length > 200) Fail("name", "At most 200 characters.");
        if (string.IsNullOrWhiteSpace(FromName)) Fail("fromName", "Say who the request comes from, as people know the company.");
        else if (FromName.Length > 200 || HasControl(FromName)) Fail("fromName", "One line of at most 200 characters.");
        if (!IsAddress(FromAddress)) Fail("fromAddress", "Enter the address the request comes from, e.g. news@example.com.");
        if (!string.IsNullOrWhiteSpace(ReplyTo) && !IsAddress(ReplyTo)) Fail("replyTo", "Enter one address, or leave it empty.");
        if (string.IsNullOrWhiteSpace(PostalAddress)) Fail("postalAddress", "The company's postal address is required in every request (CAN-SPAM).");
        else if (PostalAddress.Length > 500) Fail("postalAddress", "At most 500 characters.");
        if (string.IsNullOrWhiteSpace(SmtpHost) || SmtpHost.Length > 255 || SmtpHost.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            Fail("smtp.host", "Enter the relay's host name, e.g. smtp.example.com.");
        if (SmtpPort is < 1 or > 65535) Fail("smtp.port", "A port between 1 and 65535 (usually 587 with STARTTLS, 465 with TLS on connect).");
        if (!Enum.IsDefined(SmtpSecurity)) Fail("smtp.security", "None, StartTls or SslOnConnect.");
        if (!string.IsNullOrEmpty(SmtpPassword) && string.IsNullOrWhiteSpace(SmtpUsername)) Fail("smtp.username", "A password needs a user name.");
        if (MaxConnections is < 1 or > 50) Fail("limits.connections", "Between 1 and 50 connections.");
        if (MessagesPerSecond is < 1 or > 1000) Fail("limits.perSecond", "Between 1 and 1,000 messages per second.");
        if (PerDomainPerMinute is < 1 or > 100_000) Fail("limits.perDomainPerMinute", "Between 1 and 100,000 messages per minute per domain.");

        var dkimWanted = !RemoveDkim && (!string.IsNullOrWhiteSpace(DkimDomain) || !string.IsNullOrWhiteSpace(DkimSelector) || !string.IsNullOrWhiteSpace(DkimPrivateKeyPem));
        if (dkimWanted)
        {
            if (!IsDnsName(DkimDomain)) Fail("dkim.domain", "The domain the signature speaks for, e.g. example.com (usually the From address's domain).");
            if (!IsDnsLabel(DkimSelector)) Fail("dkim.selector", "A selector such as “reoptin1”: letters, digits and hyphens.");
            if (string.IsNullOrWhiteSpace(DkimPrivateKeyPem) && !hasStoredDkimKey) Fail("dkim.privateKeyPem", "Paste the private key (PEM) or generate one.");
            else if (!string.IsNullOrWhiteSpace(DkimPrivateKeyPem) && DkimKeys.Validate(DkimPrivateKeyPem) is { } keyProblem) Fail("dkim.privateKeyPem", keyProblem);
        }

        if (!string.IsNullOrWhiteSpace(BounceAddress))
        {
            var literal = BounceAddress.Replace("{id}", "x", StringComparison.Ordinal);
            if (!IsAddress(literal) || BounceAddress.Split("{id}").Length > 2)
                Fail("bounceAddress", "A fixed address (bounces@example.com) or a VERP pattern with {id} once, e.g. bounces+{id}@example.com.");
            else if (BounceAddress.Contains("{id}", StringComparison.Ordinal) && BounceAddress.IndexOf("{id}", StringComparison.Ordinal) > BounceAddress.IndexOf('@', StringComparison.Ordinal))
                Fail("bounceAddress", "{id} goes before the @, e.g. bounces+{id}@example.com.");
        }
        return errors;
    }

    /// <summary>Only the DKIM name fields, to check them before generating a key.</summary>
    public static SenderChanges ForDkim(string? domain, string? selector) => new() { DkimDomain = domain, DkimSelector = selector };

    public void ApplyTo(SenderProfile p, SenderSecrets secrets, DateTime at)
    {
        p.Name = Name!.Trim();
        p.FromName = FromName!.Trim();
        p.FromAddress = FromAddress!.Trim();
        p.ReplyTo = Blank(ReplyTo);
        p.PostalAddress = PostalAddress!.Trim();
        p.SmtpHost = SmtpHost!.Trim();
        p.SmtpPort = SmtpPort;
        p.SmtpSecurity = SmtpSecurity;
        p.SmtpUsername = Blank(SmtpUsername);
        if (ClearSmtpPassword || p.SmtpUsername is null) p.SmtpPasswordProtected = null;
        else if (!string.IsNullOrEmpty(SmtpPassword)) p.SmtpPasswordProtected = secrets.Protect(SmtpPassword);
        p.MaxConnections = MaxConnections;
        p.MessagesPerSecond = MessagesPerSecond;
        p.PerDomainPerMinute = PerDomainPerMinute;
        if (RemoveDkim || (string.IsNullOrWhiteSpace(DkimDomain) && string.IsNullOrWhiteSpace(DkimSelector) && string.IsNullOrWhiteSpace(DkimPrivateKeyPem)))
        {
            p.DkimDomain = p.DkimSelector = p.DkimPrivateKeyProtected = null;
        }
        else
        {
            p.DkimDomain = DkimDomain!.Trim().TrimEnd('.').ToLowerInvariant();
            p.DkimSelector = DkimSelector!.Trim().ToLowerInvariant();
            if (!string.IsNullOrWhiteSpace(DkimPrivateKeyPem)) p.DkimPrivateKeyProtected = secrets.Protect(DkimPrivateKeyPem.Trim());
        }
        p.BounceAddress = Blank(BounceAddress);
        p.UpdatedAt = at;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static bool HasControl(string s) => s.Any(char.IsControl);

    /// <summary>One bare address. Internal domains (.internal, .local) are allowed here: a relay may live there.</summary>
    public static bool IsAddress(string? s) =>
        !string.IsNullOrWhiteSpace(s) && MimeKit.MailboxAddress.TryParse(s.Trim(), out var mailbox)
        && string.IsNullOrEmpty(mailbox.Name) && string.Equals(mailbox.Address, s.Trim(), StringComparison.Ordinal)
        && mailbox.Address.IndexOf('@', StringComparison.Ordinal) is > 0 and var at && at < mailbox.Address.Length - 1;

    private static bool IsDnsLabel(string? s) =>
        !string.IsNullOrWhiteSpace(s) && s.Trim().Length <= 63 && s.Trim().All(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_');

    private static bool IsDnsName(string? s) =>
        !string.IsNullOrWhiteSpace(s) && s.Trim().TrimEnd('.').Split('.') is { Length: >= 2 } labels && labels.All(IsDnsLabel);
}
