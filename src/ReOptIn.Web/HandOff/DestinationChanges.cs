using System.Globalization;
using ReOptIn.Core.HandOff;
using ReOptIn.Core.HandOff.Connectors;

namespace ReOptIn.Web.HandOff;

/// <summary>
/// A destination as the page or the API submits it. A blank <see cref="Secret"/> keeps the stored
/// one (secrets are never sent back). Field names in errors are the API's.
/// </summary>
public sealed record DestinationChanges
{
    public string? Name { get; init; }
    public string? Type { get; init; }
    public string? Url { get; init; }
    public string? Secret { get; init; }
    public string? ListId { get; init; }
    public string? TagId { get; init; }
    public string? ConsentTimeFieldId { get; init; }
    public string? IpFieldId { get; init; }
    public string? SourceFieldId { get; init; }
    public Dictionary<string, string>? MergeFields { get; init; }
    public List<string>? MarketingPermissionIds { get; init; }
    public int? TimeoutSeconds { get; init; }

    public static readonly IReadOnlyDictionary<string, DestinationType> Types = new Dictionary<string, DestinationType>(StringComparer.OrdinalIgnoreCase)
    {
        ["webhook"] = DestinationType.Webhook,
        ["activecampaign"] = DestinationType.ActiveCampaign,
        ["mailchimp"] = DestinationType.Mailchimp,
    };

    public static string TypeName(DestinationType type) => type.ToString().ToLowerInvariant();

    public DestinationType? ParsedType => Types.TryGetValue(Type?.Trim() ?? "", out var t) ? t : null;

    /// <summary>Problems by field, each saying how to fix it. <paramref name="existing"/> is the stored destination when editing.</summary>
    public Dictionary<string, string[]> Validate(Destination? existing)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [message];

        if (string.IsNullOrWhiteSpace(Name)) Fail("name", "Give the destination a name, e.g. “Newsletter audience (Mailchimp)”.");
        else if (Name.Trim().Length > 200) Fail("name", "At most 200 characters.");
        var type = ParsedType;
        if (type is null) { Fail("type", "One of webhook, activecampaign or mailchimp."); return errors; }
        if (existing is not null && existing.Type != type) Fail("type", "A destination keeps its type; create a new one instead.");
        var hasSecret = !string.IsNullOrWhiteSpace(Secret);
        var url = Url?.Trim();
        if (TimeoutSeconds is < 1 or > 120) Fail("timeoutSeconds", "Between 1 and 120 seconds.");

        switch (type)
        {
            case DestinationType.Webhook:
                if (!HttpCalls.IsHttpUrl(url)) Fail("url", "The receiver's address, e.g. https://crm.example.com/hooks/reoptin.");
                if (!hasSecret && existing is null) Fail("secret", "A signing secret of at least 16 characters; the receiver checks the signature with it.");
                else if (hasSecret && Secret!.Trim().Length < 16) Fail("secret", "At least 16 characters (a long random string).");
                break;
            case DestinationType.ActiveCampaign:
                if (!HttpCalls.IsHttpUrl(url)) Fail("baseUrl", "Your account's API URL, from Settings › Developer, e.g. https://youraccount.api-us1.com.");
                if (!hasSecret && existing is null) Fail("apiKey", "The API key from Settings › Developer.");
                if (!IsNumber(ListId)) Fail("listId", "The id (a number) of the list contacts are subscribed to.");
                if (!IsNumberOrBlank(TagId)) Fail("tagId", "A tag id (a number), or leave it empty.");
                if (!IsNumberOrBlank(ConsentTimeFieldId)) Fail("consentTimeFieldId", "A custom field id (a number), or leave it empty.");
                if (!IsNumberOrBlank(IpFieldId)) Fail("ipFieldId", "A custom field id (a number), or leave it empty.");
                if (!IsNumberOrBlank(SourceFieldId)) Fail("sourceFieldId", "A custom field id (a number), or leave it empty.");
                break;
            case DestinationType.Mailchimp:
                if (!string.IsNullOrWhiteSpace(url) && !HttpCalls.IsHttpUrl(url)) Fail("baseUrl", "Leave empty to use the key's data centre, or give an http(s) URL.");
                if (!hasSecret && existing is null) Fail("apiKey", "The API key (it ends with the data centre, e.g. …-us21).");
                else if (hasSecret && MailchimpConnector.DataCentre(Secret!.Trim()) is null) Fail("apiKey", "A Mailchimp key ends with its data centre, e.g. …-us21.");
                if (string.IsNullOrWhiteSpace(ListId) || !ListId.Trim().All(char.IsAsciiLetterOrDigit)) Fail("listId", "The audience id, from Audience › Settings (letters and digits).");
                foreach (var (tag, source) in MergeFields ?? [])
                {
                    if (tag.Length is < 1 or > 10 || !tag.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_'))
                        Fail("mergeFields", $"“{tag}”: a merge tag is 1 to 10 capital letters or digits, e.g. CONSENTAT.");
                    else if (tag is "FNAME" or "LNAME") Fail("mergeFields", "FNAME and LNAME are always filled with the names.");
                    else if (!DestinationSettings.MergeSources.Contains(source, StringComparer.Ordinal))
                        Fail("mergeFields", $"“{tag}” takes one of: {string.Join(", ", DestinationSettings.MergeSources)}.");
                }
                if ((MarketingPermissionIds ?? []).Any(p => string.IsNullOrWhiteSpace(p) || !p.Trim().All(char.IsAsciiLetterOrDigit)))
                    Fail("marketingPermissionIds", "Marketing permission ids are letters and digits (see the audience's GDPR fields).");
                break;
        }
        return errors;
    }

    public void ApplyTo(Destination d, DestinationSecrets secrets, DateTime at)
    {
        d.Name = Name!.Trim();
        d.Url = string.IsNullOrWhiteSpace(Url) ? null : Url.Trim();
        if (!string.IsNullOrWhiteSpace(Secret)) d.SecretProtected = secrets.Protect(Secret.Trim());
        d.TimeoutSeconds = TimeoutSeconds ?? 10;
        d.Settings = d.Type switch
        {
            DestinationType.Webhook => new DestinationSettings(),
            DestinationType.ActiveCampaign => new DestinationSettings
            {
                ListId = ListId!.Trim(), TagId = Blank(TagId), ConsentTimeFieldId = Blank(ConsentTimeFieldId), IpFieldId = Blank(IpFieldId), SourceFieldId = Blank(SourceFieldId),
            },
            _ => new DestinationSettings
            {
                ListId = ListId!.Trim(),
                MergeFields = new Dictionary<string, string>(MergeFields ?? [], StringComparer.Ordinal),
                MarketingPermissionIds = (MarketingPermissionIds ?? []).Select(p => p.Trim()).Distinct(StringComparer.Ordinal).ToList(),
            },
        };
        d.UpdatedAt = at;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static bool IsNumber(string? s) => long.TryParse(s?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0;

    private static bool IsNumberOrBlank(string? s) => string.IsNullOrWhiteSpace(s) || IsNumber(s);
}
