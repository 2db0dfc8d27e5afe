using System.Text.Json;

namespace ReOptIn.Core.HandOff.Connectors;

/// <summary>The services' error bodies, read into one line an Admin can act on.</summary>
internal static class ServiceErrors
{
    /// <summary>ActiveCampaign: <c>{"errors":[{"title":…,"detail":…,"code":…,"source":{"pointer":…}}]}</c>, or <c>{"message":…}</c>.</summary>
    public static string? ActiveCampaign(string body) => Read(body, root =>
    {
        if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            return string.Join("; ", errors.EnumerateArray().Select(e =>
                string.Join(" ", new[] { Text(e, "title"), Text(e, "detail") }.Where(t => !string.IsNullOrWhiteSpace(t)))
                + (e.TryGetProperty("source", out var source) && Text(source, "pointer") is { } pointer ? $" ({pointer})" : "")));
        return Text(root, "message");
    });

    /// <summary>Mailchimp (RFC 7807): <c>{"type","title","status","detail","instance","errors":[{"field","message"}]}</c>.</summary>
    public static string? Mailchimp(string body) => Read(body, root =>
    {
        var head = string.Join(": ", new[] { Text(root, "title"), Text(root, "detail") }.Where(t => !string.IsNullOrWhiteSpace(t)));
        if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            head += " " + string.Join("; ", errors.EnumerateArray().Select(e => $"{Text(e, "field")}: {Text(e, "message")}"));
        return head.Length == 0 ? null : head;
    });

    private static string? Read(string body, Func<JsonElement, string?> read)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object ? read(doc.RootElement) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.ToString() : null;
}
