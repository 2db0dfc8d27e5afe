using ReOptIn.Core.Sending;

namespace ReOptIn.Web.Senders;

/// <summary>A sender as the API and pages show it: never the password or the private key.</summary>
public sealed record SenderView(int Id, string Name, string FromName, string FromAddress, string? ReplyTo, string PostalAddress,
    SenderView.SmtpView Smtp, SenderView.LimitsView Limits, SenderView.DkimView? Dkim, string? BounceAddress, DateTime UpdatedAt)
{
    public sealed record SmtpView(string Host, int Port, SmtpSecurity Security, string? Username, bool HasPassword);

    public sealed record LimitsView(int Connections, int PerSecond, int PerDomainPerMinute);

    /// <summary>The TXT record to publish: <paramref name="DnsName"/> with the value <paramref name="DnsValue"/>.</summary>
    public sealed record DkimView(string Domain, string Selector, string DnsName, string DnsValue);

    public static SenderView Of(SenderProfile p, SenderSecrets secrets) => new(p.Id, p.Name, p.FromName, p.FromAddress, p.ReplyTo, p.PostalAddress,
        new SmtpView(p.SmtpHost, p.SmtpPort, p.SmtpSecurity, p.SmtpUsername, p.SmtpPasswordProtected is not null),
        new LimitsView(p.MaxConnections, p.MessagesPerSecond, p.PerDomainPerMinute),
        secrets.Dkim(p) is { } dkim ? new DkimView(dkim.Domain, dkim.Selector, DkimKeys.DnsRecordName(dkim), DkimKeys.DnsRecordValue(dkim.PrivateKeyPem)) : null,
        p.BounceAddress, p.UpdatedAt);
}
