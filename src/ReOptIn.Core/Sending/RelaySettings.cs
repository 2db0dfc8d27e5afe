namespace ReOptIn.Core.Sending;

/// <summary>Where and how to reach a sender's SMTP relay; the password is already decrypted.</summary>
public sealed record RelaySettings(string Host, int Port, SmtpSecurity Security, string? Username, string? Password)
{
    /// <summary>Tests only: accept the relay's certificate without validating it (self-signed test servers).</summary>
    public bool AcceptAnyCertificate { get; init; }
}
