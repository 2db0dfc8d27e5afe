using Microsoft.AspNetCore.DataProtection;

namespace ReOptIn.Core.Sending;

/// <summary>
/// Encrypts a sender's relay password and DKIM key with Data Protection, whose keys live in the
/// database (and are shared by every instance), so a copy of the database alone does not give them away.
/// </summary>
public sealed class SenderSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("ReOptIn.Sending.SenderSecrets.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);

    public RelaySettings Relay(SenderProfile p) => new(p.SmtpHost, p.SmtpPort, p.SmtpSecurity, p.SmtpUsername,
        p.SmtpPasswordProtected is null ? null : Unprotect(p.SmtpPasswordProtected));

    public DkimSettings? Dkim(SenderProfile p) => p.HasDkim
        ? new DkimSettings(p.DkimDomain!, p.DkimSelector!, Unprotect(p.DkimPrivateKeyProtected!))
        : null;
}
