using System.Text.Json;

namespace ReOptIn.Core.Bounces;

/// <summary>
/// Amazon SES notifications mailed as JSON (SNS email subscriptions): notificationType Bounce,
/// Complaint or Delivery, with the recipients and the SMTP answer.
/// </summary>
internal static class SesNotification
{
    public static IReadOnlyList<BounceVerdict> Read(string text)
    {
        var start = text.IndexOf('{', StringComparison.Ordinal);
        if (start < 0 || !text.Contains("\"notificationType\"", StringComparison.Ordinal)) return [];
        var end = text.LastIndexOf('}');
        if (end <= start) return [];
        try
        {
            using var doc = JsonDocument.Parse(text[start..(end + 1)]);
            var root = doc.RootElement;
            var type = root.TryGetProperty("notificationType", out var t) ? t.GetString() : null;
            var messageId = root.TryGetProperty("mail", out var mail) && mail.TryGetProperty("messageId", out var id) ? id.GetString() : null;
            return type switch
            {
                "Delivery" => Recipients(root, "delivery", "recipients")
                    .Select(r => new BounceVerdict(BounceClass.None, BounceReasons.Delivered, r.Address, Text(root, "delivery", "smtpResponse") is { } s ? StatusCodes.FindEnhanced(s) : null,
                        Text(root, "delivery", "smtpResponse"), messageId, null)).ToList(),
                "Complaint" => Recipients(root, "complaint", "complainedRecipients")
                    .Select(r => new BounceVerdict(BounceClass.Complaint, BounceReasons.Complaint, r.Address, null, null, messageId, null)).ToList(),
                "Bounce" => Recipients(root, "bounce", "bouncedRecipients").Select(r => Bounce(root, r, messageId)).ToList(),
                _ => [],
            };
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static BounceVerdict Bounce(JsonElement root, (string? Address, JsonElement Item) recipient, string? messageId)
    {
        var diagnostic = recipient.Item.ValueKind == JsonValueKind.Object && recipient.Item.TryGetProperty("diagnosticCode", out var d) ? d.GetString() : null;
        var status = recipient.Item.ValueKind == JsonValueKind.Object && recipient.Item.TryGetProperty("status", out var s) ? StatusCodes.Normalise(s.GetString()) : null;
        var permanent = string.Equals(Text(root, "bounce", "bounceType"), "Permanent", StringComparison.Ordinal);
        var reason = BouncePhrases.Find(diagnostic) ?? StatusCodes.ReasonOf(status) ?? (permanent ? BounceReasons.UserUnknown : BounceReasons.SystemError);
        return new BounceVerdict(BounceReasons.ClassOf(reason, status), reason, recipient.Address, status, diagnostic, messageId, null);
    }

    private static string? Text(JsonElement root, string obj, string name) =>
        root.TryGetProperty(obj, out var o) && o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static IEnumerable<(string? Address, JsonElement Item)> Recipients(JsonElement root, string obj, string name)
    {
        if (!root.TryGetProperty(obj, out var o) || o.ValueKind != JsonValueKind.Object || !o.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array)
            yield break;
        foreach (var item in list.EnumerateArray())
        {
            var address = item.ValueKind == JsonValueKind.String ? item.GetString()
                : item.ValueKind == JsonValueKind.Object && item.TryGetProperty("emailAddress", out var e) ? e.GetString() : null;
            yield return (Addresses.FromField(address), item);
        }
    }
}
