using ReOptIn.Core.Sending;

namespace ReOptIn.Core.Bounces.Intake;

/// <summary>Where and how to read a bounce mailbox; the password is already decrypted.</summary>
public sealed record MailboxSettings(string Host, int Port, SmtpSecurity Security, string Username, string? Password, string Folder, string? ProcessedFolder)
{
    /// <summary>Tests only: accept the server's certificate without validating it (self-signed test servers).</summary>
    public bool AcceptAnyCertificate { get; init; }

    public static MailboxSettings Of(BounceMailbox m, SenderSecrets secrets)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(secrets);
        return new(m.Host, m.Port, m.Security, m.Username, m.PasswordProtected is null ? null : secrets.Unprotect(m.PasswordProtected),
            string.IsNullOrWhiteSpace(m.Folder) ? BounceMailbox.DefaultFolder : m.Folder.Trim(),
            string.IsNullOrWhiteSpace(m.ProcessedFolder) ? null : m.ProcessedFolder.Trim());
    }
}
