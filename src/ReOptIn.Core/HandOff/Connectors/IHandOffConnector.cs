namespace ReOptIn.Core.HandOff.Connectors;

/// <summary>Talks to one kind of destination. Connectors never throw for the destination's answers: they classify them.</summary>
public interface IHandOffConnector
{
    DestinationType Type { get; }

    /// <summary>Hands one confirmed contact over. <paramref name="idempotencyKey"/> is the same on every retry of this event.</summary>
    Task<DeliveryResult> DeliverAsync(DestinationTarget target, HandOffPayload payload, string idempotencyKey, CancellationToken ct);

    /// <summary>The "send a test event" button: proves the URL, the secret and the settings without creating a real contact where it can.</summary>
    Task<DeliveryResult> TestAsync(DestinationTarget target, CancellationToken ct);
}
