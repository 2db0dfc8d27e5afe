namespace ReOptIn.Core.HandOff;

/// <summary>
/// One place confirmed contacts are handed to. Its secret (webhook signing secret or API key) is
/// stored only encrypted (<see cref="DestinationSecrets"/>) and never shown again.
/// </summary>
public sealed class Destination
{
    public Destination(string name, DestinationType type, DateTime createdAt)
    {
        Name = name;
        Type = type;
        CreatedAt = UpdatedAt = createdAt;
    }

    public int Id { get; private set; }

    public string Name { get; set; }

    public DestinationType Type { get; private set; }

    /// <summary>The webhook's URL, or the API's base URL (ActiveCampaign: https://ACCOUNT.api-us1.com; Mailchimp: empty for the key's data centre).</summary>
    public string? Url { get; set; }

    /// <summary>Encrypted with Data Protection.</summary>
    public string SecretProtected { get; set; } = "";

    /// <summary>The type's <see cref="DestinationSettings"/> as JSON.</summary>
    public string SettingsJson { get; set; } = "{}";

    /// <summary>How long one HTTP call may take before it counts as a temporary failure.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; set; }

    public DestinationSettings Settings
    {
        get => System.Text.Json.JsonSerializer.Deserialize<DestinationSettings>(SettingsJson, HandOffJson.Options) ?? new DestinationSettings();
        set => SettingsJson = System.Text.Json.JsonSerializer.Serialize(value, HandOffJson.Options);
    }
}
