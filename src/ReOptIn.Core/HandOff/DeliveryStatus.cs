namespace ReOptIn.Core.HandOff;

public enum DeliveryStatus
{
    /// <summary>Waiting for its first try or its next retry (<see cref="HandOffDelivery.NextAttemptAt"/>).</summary>
    Pending,

    /// <summary>Claimed by a worker until its lease ends; an expired lease makes it due again.</summary>
    Delivering,

    /// <summary>The destination accepted it.</summary>
    Delivered,

    /// <summary>Refused permanently, or still failing after the retry window: in the dead-letter list until an Admin replays it.</summary>
    Failed,

    /// <summary>Not sent: the person withdrew (declined, unsubscribed, complained) or was erased before delivery.</summary>
    Cancelled,
}
