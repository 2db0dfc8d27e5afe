namespace ReOptIn.Core.HandOff;

/// <summary>
/// The outbox row: "this request was confirmed", written in the confirmation's own transaction, so
/// no confirmed contact can be lost between the form and the marketing service. The worker fans it
/// out into one <see cref="HandOffDelivery"/> per destination.
/// </summary>
public sealed class HandOffEvent
{
    public HandOffEvent(long requestId, int campaignId, DateTime createdAt)
    {
        RequestId = requestId;
        CampaignId = campaignId;
        CreatedAt = createdAt;
    }

    public long Id { get; private set; }

    public long RequestId { get; private set; }

    public int CampaignId { get; private set; }

    public DateTime CreatedAt { get; private set; }

    /// <summary>When its deliveries were created (one per destination existing then). Null: waiting for a destination.</summary>
    public DateTime? FannedOutAt { get; set; }

    /// <summary>When every delivery succeeded and the request became HandedOff.</summary>
    public DateTime? CompletedAt { get; set; }
}
