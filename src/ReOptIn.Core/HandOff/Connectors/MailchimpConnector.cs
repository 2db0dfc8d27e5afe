using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ReOptIn.Core.HandOff.Connectors;

/// <summary>
/// Mailchimp Marketing API 3.0: <c>PUT /3.0/lists/{list_id}/members/{subscriber_hash}</c> adds or
/// updates the member (an upsert, safe to repeat) as subscribed, with FNAME/LNAME, the configured
/// merge fields, the opt-in IP and time, and the marketing permissions when configured. The data
/// centre comes from the key's suffix (<c>…-us21</c> → <c>https://us21.api.mailchimp.com</c>);
/// basic authentication with any user name and the key as password.
/// </summary>
public sealed class MailchimpConnector(IHttpClientFactory clients, HandOffOptions options) : IHandOffConnector
{
    public DestinationType Type => DestinationType.Mailchimp;

    public async Task<DeliveryResult> DeliverAsync(DestinationTarget target, HandOffPayload payload, string idempotencyKey, CancellationToken ct)
    {
        var s = target.Settings;
        var merge = new JsonObject();
        if (payload.Contact.FirstName is { } first) merge["FNAME"] = first;
        if (payload.Contact.LastName is { } last) merge["LNAME"] = last;
        foreach (var (tag, source) in s.MergeFields)
            if (MergeValue(payload, source) is { } value) merge[tag] = value;
        var member = new JsonObject
        {
            ["email_address"] = payload.Contact.Email,
            ["status_if_new"] = "subscribed",
            ["status"] = "subscribed",
            ["merge_fields"] = merge,
            ["timestamp_opt"] = payload.Consent.ConfirmedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture),
        };
        if (payload.Consent.IpAddress is { } ip) member["ip_opt"] = ip;
        if (s.MarketingPermissionIds.Count > 0)
            member["marketing_permissions"] = new JsonArray(s.MarketingPermissionIds
                .Select(id => (JsonNode)new JsonObject { ["marketing_permission_id"] = id, ["enabled"] = true }).ToArray());
        var path = $"/3.0/lists/{Uri.EscapeDataString(s.ListId!)}/members/{SubscriberHash(payload.Contact.Email)}";
        return await CallAsync(target, HttpMethod.Put, path, member, ct);
    }

    /// <summary>Reads the configured audience: proves the data centre, the key and the list id, and creates nothing.</summary>
    public Task<DeliveryResult> TestAsync(DestinationTarget target, CancellationToken ct) =>
        CallAsync(target, HttpMethod.Get, "/3.0/lists/" + Uri.EscapeDataString(target.Settings.ListId ?? ""), null, ct);

    /// <summary>MD5 of the lowercased address, in lowercase hex: Mailchimp's member id.</summary>
    public static string SubscriberHash(string email)
    {
#pragma warning disable CA5351 // Mailchimp's identifier for a member, not a security measure.
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));
#pragma warning restore CA5351
    }

    /// <summary>The data centre is the part of the key after its last '-' (e.g. "us21"); null when the key has none.</summary>
    public static string? DataCentre(string apiKey)
    {
        var dash = apiKey.LastIndexOf('-');
        var dc = dash < 0 ? "" : apiKey[(dash + 1)..];
        return dc.Length > 0 && dc.All(char.IsAsciiLetterOrDigit) ? dc.ToLowerInvariant() : null;
    }

    public string BaseUrl(DestinationTarget target) =>
        (string.IsNullOrWhiteSpace(target.Url) ? options.MailchimpBaseUrl.Replace("{dc}", DataCentre(target.Secret), StringComparison.Ordinal) : target.Url).TrimEnd('/');

    private async Task<DeliveryResult> CallAsync(DestinationTarget target, HttpMethod method, string path, JsonObject? json, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, BaseUrl(target) + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("reoptin:" + target.Secret)));
        request.Headers.Accept.ParseAdd("application/json");
        if (json is not null) request.Content = new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json");
        return (await HttpCalls.SendAsync(clients.CreateClient(HttpCalls.ClientName), request, target.Timeout, ServiceErrors.Mailchimp, ct)).Result;
    }

    private static string? MergeValue(HandOffPayload p, string source) => source switch
    {
        "confirmedAt" => p.Consent.ConfirmedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        "ipAddress" => p.Consent.IpAddress,
        "source" => p.Consent.Source,
        "language" => p.Consent.FormLanguage,
        "campaign" => p.Campaign.Name,
        _ => null,
    };
}
