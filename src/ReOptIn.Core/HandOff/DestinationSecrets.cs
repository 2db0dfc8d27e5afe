using Microsoft.AspNetCore.DataProtection;

namespace ReOptIn.Core.HandOff;

/// <summary>Webhook secrets and API keys, encrypted with Data Protection like the senders' (see <c>SenderSecrets</c>).</summary>
public sealed class DestinationSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("ReOptIn.HandOff.DestinationSecrets.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}
