namespace ReOptIn.Core.Campaigns;

/// <summary>The life of a campaign; the allowed moves are in <see cref="StateTransitions"/>.</summary>
public enum CampaignStatus
{
    Draft,

    /// <summary>A marketer asked for approval; an admin approves or it goes back to draft.</summary>
    Submitted,

    Approved,
    Sending,
    Paused,
    Sent,
    Closed,
}
