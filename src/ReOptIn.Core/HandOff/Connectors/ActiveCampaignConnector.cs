using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReOptIn.Core.HandOff.Connectors;

/// <summary>
/// ActiveCampaign API v3 (header <c>Api-Token</c>): <c>POST /api/3/contact/sync</c> (create or update
/// by address, with the consent time, IP and source in the configured custom fields), then
/// <c>POST /api/3/contactLists</c> with status 1 (subscribed), then the optional tag
/// (<c>POST /api/3/contactTags</c>). Each step is an upsert on their side, so a retry of the
/// whole delivery repeats no harm. Calls go through the account's limiter (5 per second).
/// </summary>
public sealed class ActiveCampaignConnector(IHttpClientFactory clients, AccountRateLimits limits) : IHandOffConnector
{
    public DestinationType Type => DestinationType.ActiveCampaign;

    public async Task<DeliveryResult> DeliverAsync(DestinationTarget target, HandOffPayload payload, string idempotencyKey, CancellationToken ct)
    {
        var s = target.Settings;
        var fieldValues = new JsonArray();
        void Field(string? id, string? value)
        {
            if (!string.IsNullOrWhiteSpace(id) && value is not null) fieldValues.Add(new JsonObject { ["field"] = id, ["value"] = value });
        }
        Field(s.ConsentTimeFieldId, payload.Consent.ConfirmedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture));
        Field(s.IpFieldId, payload.Consent.IpAddress);
        Field(s.SourceFieldId, payload.Consent.Source);
        var contact = new JsonObject { ["email"] = payload.Contact.Email };
        if (payload.Contact.FirstName is { } first) contact["firstName"] = first;
        if (payload.Contact.LastName is { } last) contact["lastName"] = last;
        if (fieldValues.Count > 0) contact["fieldValues"] = fieldValues;

        var (synced, body) = await CallAsync(target, HttpMethod.Post, "/api/3/contact/sync", new JsonObject { ["contact"] = contact }, ct);
        if (!synced.Ok) return synced;
        var contactId = ContactId(body);
        if (contactId is null) return DeliveryResult.Temporary("POST /api/3/contact/sync answered without a contact id.");

        var (listed, _) = await CallAsync(target, HttpMethod.Post, "/api/3/contactLists", new JsonObject
        {
            ["contactList"] = new JsonObject { ["list"] = Number(s.ListId!), ["contact"] = Number(contactId), ["status"] = 1 },
        }, ct);
        if (!listed.Ok || string.IsNullOrWhiteSpace(s.TagId)) return listed;

        var (tagged, _) = await CallAsync(target, HttpMethod.Post, "/api/3/contactTags", new JsonObject
        {
            ["contactTag"] = new JsonObject { ["contact"] = contactId, ["tag"] = s.TagId },
        }, ct);
        return tagged;
    }

    /// <summary>Reads the configured list: proves the base URL, the key and the list id, and creates nothing.</summary>
    public async Task<DeliveryResult> TestAsync(DestinationTarget target, CancellationToken ct) =>
        (await CallAsync(target, HttpMethod.Get, "/api/3/lists/" + Uri.EscapeDataString(target.Settings.ListId ?? ""), null, ct)).Result;

    private async Task<(DeliveryResult Result, string Body)> CallAsync(DestinationTarget target, HttpMethod method, string path, JsonObject? json, CancellationToken ct)
    {
        var baseUrl = target.Url!.TrimEnd('/');
        using var lease = await limits.AcquireAsync(baseUrl, ct);
        using var request = new HttpRequestMessage(method, baseUrl + path);
        request.Headers.Add("Api-Token", target.Secret);
        request.Headers.Accept.ParseAdd("application/json");
        if (json is not null) request.Content = new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json");
        return await HttpCalls.SendAsync(clients.CreateClient(HttpCalls.ClientName), request, target.Timeout, ServiceErrors.ActiveCampaign, ct);
    }

    private static string? ContactId(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("contact", out var c) && c.TryGetProperty("id", out var id)
                ? id.ValueKind == JsonValueKind.Number ? id.GetRawText() : id.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The API documents numeric ids in contactLists; the settings hold them as text.</summary>
    private static JsonValue Number(string id) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? JsonValue.Create(n) : JsonValue.Create(id);
}
