namespace ReOptIn.Core.HandOff;

/// <summary>Where confirmed contacts go: a signed webhook, or a marketing service's API.</summary>
public enum DestinationType
{
    Webhook,
    ActiveCampaign,
    Mailchimp,
}
