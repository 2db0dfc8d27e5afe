namespace ReOptIn.Core.HandOff;

/// <summary>One event to one destination: its status, tries and the destination's last answer.</summary>
public sealed class HandOffDelivery
{
    public HandOffDelivery(long eventId, int destinationId, DateTime createdAt)
    {
        EventId = eventId;
        DestinationId = destinationId;
        CreatedAt = createdAt;
        NextAttemptAt = createdAt;
    }

    public long Id { get; private set; }

    public long EventId { get; private set; }

    public HandOffEvent? Event { get; private set; }

    public int DestinationId { get; private set; }

    public DeliveryStatus Status { get; set; } = DeliveryStatus.Pending;

    public int Attempts { get; set; }

    public DateTime CreatedAt { get; private set; }

    /// <summary>The first try of the current retry window (a replay starts a new one).</summary>
    public DateTime? FirstAttemptAt { get; set; }

    public DateTime? NextAttemptAt { get; set; }

    public DateTime? DeliveredAt { get; set; }

    /// <summary>The destination's last answer or the connection problem, in words an Admin understands.</summary>
    public string? LastError { get; set; }

    /// <summary>The worker that holds (or last held) the claim; kept after delivery to say who delivered it.</summary>
    public string? LeaseOwner { get; set; }

    public DateTime? LeaseExpiresAt { get; set; }
}
