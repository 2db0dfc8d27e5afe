using System.ComponentModel.DataAnnotations;
using ReOptIn.Core.Sending;
using ReOptIn.Web.Senders;

namespace ReOptIn.Web.Pages.Admin.Senders;

/// <summary>The sender page's fields; <see cref="SenderChanges"/> validates and applies them.</summary>
public sealed class SenderForm
{
    /// <summary>The validator's field names (as the API spells them) to this form's properties.</summary>
    public static readonly IReadOnlyDictionary<string, string> FieldNames = new Dictionary<string, string>
    {
        ["name"] = nameof(Name), ["fromName"] = nameof(FromName), ["fromAddress"] = nameof(FromAddress), ["replyTo"] = nameof(ReplyTo),
        ["postalAddress"] = nameof(PostalAddress), ["smtp.host"] = nameof(SmtpHost), ["smtp.port"] = nameof(SmtpPort),
        ["smtp.security"] = nameof(SmtpSecurity), ["smtp.username"] = nameof(SmtpUsername), ["limits.connections"] = nameof(MaxConnections),
        ["limits.perSecond"] = nameof(MessagesPerSecond), ["limits.perDomainPerMinute"] = nameof(PerDomainPerMinute),
        ["dkim.domain"] = nameof(DkimDomain), ["dkim.selector"] = nameof(DkimSelector), ["dkim.privateKeyPem"] = nameof(DkimPrivateKeyPem),
        ["bounceAddress"] = nameof(BounceAddress),
    };

    public string? Name { get; set; }
    [Display(Name = "From name")] public string? FromName { get; set; }
    [Display(Name = "From address")] public string? FromAddress { get; set; }
    [Display(Name = "Reply-To (optional)")] public string? ReplyTo { get; set; }
    [Display(Name = "Company postal address")] public string? PostalAddress { get; set; }
    [Display(Name = "Relay host")] public string? SmtpHost { get; set; }
    [Display(Name = "Port")] public int SmtpPort { get; set; } = 587;
    [Display(Name = "Security")] public SmtpSecurity SmtpSecurity { get; set; } = SmtpSecurity.StartTls;
    [Display(Name = "User name")] public string? SmtpUsername { get; set; }
    [Display(Name = "Password"), DataType(DataType.Password)] public string? SmtpPassword { get; set; }
    [Display(Name = "Forget the stored password")] public bool ClearSmtpPassword { get; set; }
    [Display(Name = "Connections")] public int MaxConnections { get; set; } = 2;
    [Display(Name = "Messages per second")] public int MessagesPerSecond { get; set; } = 10;
    [Display(Name = "Per recipient domain, per minute")] public int PerDomainPerMinute { get; set; } = 120;
    [Display(Name = "DKIM domain")] public string? DkimDomain { get; set; }
    [Display(Name = "Selector")] public string? DkimSelector { get; set; }
    [Display(Name = "Private key (PEM)")] public string? DkimPrivateKeyPem { get; set; }
    [Display(Name = "Remove DKIM")] public bool RemoveDkim { get; set; }
    [Display(Name = "Bounce address (optional)")] public string? BounceAddress { get; set; }

    public SenderChanges ToChanges() => new()
    {
        Name = Name, FromName = FromName, FromAddress = FromAddress, ReplyTo = ReplyTo, PostalAddress = PostalAddress, SmtpHost = SmtpHost,
        SmtpPort = SmtpPort, SmtpSecurity = SmtpSecurity, SmtpUsername = SmtpUsername, SmtpPassword = SmtpPassword, ClearSmtpPassword = ClearSmtpPassword,
        MaxConnections = MaxConnections, MessagesPerSecond = MessagesPerSecond, PerDomainPerMinute = PerDomainPerMinute, DkimDomain = DkimDomain,
        DkimSelector = DkimSelector, DkimPrivateKeyPem = DkimPrivateKeyPem, RemoveDkim = RemoveDkim, BounceAddress = BounceAddress,
    };

    public static SenderForm From(SenderProfile p) => new()
    {
        Name = p.Name, FromName = p.FromName, FromAddress = p.FromAddress, ReplyTo = p.ReplyTo, PostalAddress = p.PostalAddress, SmtpHost = p.SmtpHost,
        SmtpPort = p.SmtpPort, SmtpSecurity = p.SmtpSecurity, SmtpUsername = p.SmtpUsername, MaxConnections = p.MaxConnections,
        MessagesPerSecond = p.MessagesPerSecond, PerDomainPerMinute = p.PerDomainPerMinute, DkimDomain = p.DkimDomain, DkimSelector = p.DkimSelector,
        BounceAddress = p.BounceAddress,
    };
}
