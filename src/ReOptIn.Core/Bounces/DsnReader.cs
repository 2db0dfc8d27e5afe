using MimeKit;

namespace ReOptIn.Core.Bounces;

/// <summary>One per-recipient block of an RFC 3464 delivery status notification.</summary>
internal sealed record DsnRecipient(string? Recipient, string? Action, string? Status, string? DiagnosticCode);

/// <summary>
/// Reads the message/delivery-status part of a report. The fields are parsed here rather than with
/// MimeKit's StatusGroups, which gives up on the whole part when one group is malformed (a missing blank
/// line, a stray header), and real bounces are often malformed.
/// </summary>
internal static class DsnReader
{
    public static bool IsDeliveryStatus(MimeEntity part) =>
        MessageParts.Is(part, "message", "delivery-status")
        || MessageParts.Is(part, "message", "global-delivery-status")
        || MessageParts.Is(part, "text", "delivery-status");

    /// <summary>The recipients of the DSN parts of the message, in order; empty when it has none.</summary>
    public static IReadOnlyList<DsnRecipient> Read(MimeMessage message)
    {
        var recipients = new List<DsnRecipient>();
        foreach (var part in MessageParts.Walk(message.Body).Where(IsDeliveryStatus))
        {
            recipients.AddRange(Parse(MessageParts.TextOf(part)));
        }
        return recipients;
    }

    /// <summary>Per-recipient groups of DSN fields in a text ("Field: value" lines, groups split by blank lines).</summary>
    public static IEnumerable<DsnRecipient> Parse(string text)
    {
        foreach (var group in Groups(text))
        {
            var final = Get(group, "Final-Recipient") ?? Get(group, "X-Actual-Recipient") ?? Get(group, "Original-Recipient");
            var status = Get(group, "Status");
            var action = Get(group, "Action");
            if (final is null && status is null) continue; // the per-message group
            if (final is null && action is null) continue;
            yield return new DsnRecipient(
                Addresses.FromField(final),
                action?.Trim().ToLowerInvariant(),
                StatusCodes.Normalise(status),
                Clean(Get(group, "Diagnostic-Code") ?? Get(group, "X-Supplementary-Info")));
        }
    }

    private static List<Dictionary<string, string>> Groups(string text)
    {
        var groups = new List<Dictionary<string, string>>();
        var current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            if (raw.Trim().Length == 0)
            {
                if (current.Count > 0) groups.Add(current);
                current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                last = null;
                continue;
            }
            if (char.IsWhiteSpace(raw[0]) && last is not null)
            {
                current[last] += " " + raw.Trim();
                continue;
            }
            var colon = raw.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) continue;
            var name = raw[..colon].Trim();
            // A new recipient block without a blank line before it (seen in the wild).
            if (name.Equals("Final-Recipient", StringComparison.OrdinalIgnoreCase) && current.ContainsKey("Final-Recipient"))
            {
                groups.Add(current);
                current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            }
            current.TryAdd(name, raw[(colon + 1)..].Trim());
            last = name;
        }
        if (current.Count > 0) groups.Add(current);
        return groups;
    }

    private static string? Get(Dictionary<string, string> group, string name) =>
        group.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    private static string? Clean(string? value) => value is null ? null : string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
