namespace ReOptIn.Core.Sending;

/// <summary>
/// Who the request comes from and the company relay it goes through. The relay password and the
/// DKIM private key are stored only encrypted (<see cref="SenderSecrets"/>).
/// </summary>
public sealed class SenderProfile
{
    public SenderProfile(string name, DateTime createdAt)
    {
        Name = name;
        CreatedAt = UpdatedAt = createdAt;
    }

    public int Id { get; private set; }

    public string Name { get; set; }

    public string FromName { get; set; } = "";

    public string FromAddress { get; set; } = "";

    public string? ReplyTo { get; set; }

    /// <summary>The company's postal address, shown in every request (CAN-SPAM).</summary>
    public string PostalAddress { get; set; } = "";

    public string SmtpHost { get; set; } = "";

    public int SmtpPort { get; set; } = 587;

    public SmtpSecurity SmtpSecurity { get; set; } = SmtpSecurity.StartTls;

    public string? SmtpUsername { get; set; }

    /// <summary>Encrypted with Data Protection; null when the relay needs no authentication.</summary>
    public string? SmtpPasswordProtected { get; set; }

    /// <summary>Connections opened to the relay at once.</summary>
    public int MaxConnections { get; set; } = 2;

    public int MessagesPerSecond { get; set; } = 10;

    /// <summary>Messages per minute to one recipient domain (gmail.com, orange.fr…).</summary>
    public int PerDomainPerMinute { get; set; } = 120;

    public string? DkimDomain { get; set; }

    public string? DkimSelector { get; set; }

    /// <summary>PEM, encrypted with Data Protection.</summary>
    public string? DkimPrivateKeyProtected { get; set; }

    /// <summary>A fixed bounce address, or a VERP pattern such as <c>bounces+{id}@example.com</c>; null: the From address.</summary>
    public string? BounceAddress { get; set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; set; }

    public bool HasDkim => DkimDomain is not null && DkimSelector is not null && DkimPrivateKeyProtected is not null;

    public SenderIdentity Identity => new(FromName, FromAddress, ReplyTo, BounceAddress);

    /// <summary>The From address's domain: the right-hand side of every Message-ID.</summary>
    public string FromDomain => FromAddress[(FromAddress.LastIndexOf('@') + 1)..];
}
