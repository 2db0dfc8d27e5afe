namespace ReOptIn.Core.Campaigns;

/// <summary>The life of a campaign; the allowed moves are in <see cref="StateTransitions"/>.</summary>
public enum CampaignStatus
{
    Draft,
    Approved,
    Sending,
    Paused,
    Sent,
    Closed,
}
