namespace ReOptIn.Core.Compliance;

/// <summary>
/// A per-installation secret. <see cref="ProtectedValue"/> is encrypted with Data Protection, or
/// null when the secret lives in configuration instead; <see cref="Fingerprint"/> always lets
/// start-up check that every instance uses the same secret.
/// </summary>
public sealed class InstallationSecret
{
    public InstallationSecret(string name, string fingerprint, string? protectedValue, DateTime createdAt)
    {
        Name = name;
        Fingerprint = fingerprint;
        ProtectedValue = protectedValue;
        CreatedAt = createdAt;
    }

    public string Name { get; private set; }

    public string Fingerprint { get; private set; }

    public string? ProtectedValue { get; private set; }

    public DateTime CreatedAt { get; private set; }
}
