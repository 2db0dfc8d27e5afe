using ReOptIn.Core.HandOff.Connectors;

namespace ReOptIn.Core.HandOff;

/// <summary>The "send a test event" button: a signed sample to a webhook, a read of the configured list for the services.</summary>
public sealed class DestinationProbe(IEnumerable<IHandOffConnector> connectors, DestinationSecrets secrets)
{
    public async Task<DeliveryResult> TestAsync(Destination destination, CancellationToken ct)
    {
        var connector = connectors.Single(c => c.Type == destination.Type);
        var result = await connector.TestAsync(DestinationTarget.Of(destination, secrets), ct);
        return result with { Message = result.Message is null ? null : Security.EmailMask.MaskAll(result.Message) };
    }
}
