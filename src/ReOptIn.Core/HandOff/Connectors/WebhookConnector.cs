using System.Net.Http.Headers;
using System.Text;

namespace ReOptIn.Core.HandOff.Connectors;

/// <summary>
/// POSTs the payload as JSON, signed (<see cref="WebhookSignature"/>), with an idempotency key that
/// stays the same on every retry of the event, so a receiver can ignore a second copy.
/// </summary>
public sealed class WebhookConnector(IHttpClientFactory clients, TimeProvider clock) : IHandOffConnector
{
    public DestinationType Type => DestinationType.Webhook;

    public async Task<DeliveryResult> DeliverAsync(DestinationTarget target, HandOffPayload payload, string idempotencyKey, CancellationToken ct)
    {
        var body = payload.ToJson();
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Create(target.Secret, clock.GetUtcNow().ToUnixTimeSeconds(), body));
        request.Headers.Add(WebhookSignature.IdempotencyHeader, idempotencyKey);
        request.Headers.Add(WebhookSignature.EventIdHeader, payload.EventId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("ReOptIn", "1.0"));
        var (result, _) = await HttpCalls.SendAsync(clients.CreateClient(HttpCalls.ClientName), request, target.Timeout, _ => null, ct);
        return result;
    }

    public Task<DeliveryResult> TestAsync(DestinationTarget target, CancellationToken ct) =>
        DeliverAsync(target, HandOffPayload.Sample(clock.GetUtcNow().UtcDateTime), "test-" + Guid.NewGuid().ToString("N"), ct);
}
