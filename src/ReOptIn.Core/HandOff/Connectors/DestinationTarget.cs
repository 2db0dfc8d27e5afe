namespace ReOptIn.Core.HandOff.Connectors;

/// <summary>A destination with its secret decrypted, as a connector needs it. Never logged.</summary>
public sealed record DestinationTarget(int Id, DestinationType Type, string? Url, string Secret, DestinationSettings Settings, TimeSpan Timeout)
{
    public static DestinationTarget Of(Destination d, DestinationSecrets secrets) =>
        new(d.Id, d.Type, d.Url, secrets.Unprotect(d.SecretProtected), d.Settings, TimeSpan.FromSeconds(d.TimeoutSeconds));
}
