using System.ComponentModel.DataAnnotations;
using ReOptIn.Core.HandOff;
using ReOptIn.Web.HandOff;

namespace ReOptIn.Web.Pages.Admin.Destinations;

/// <summary>The destination page's fields; <see cref="DestinationChanges"/> validates and applies them.</summary>
public sealed class DestinationForm
{
    /// <summary>The validator's field names (as the API spells them) to this form's properties.</summary>
    public static readonly IReadOnlyDictionary<string, string> FieldNames = new Dictionary<string, string>
    {
        ["name"] = nameof(Name), ["type"] = nameof(Type), ["url"] = nameof(Url), ["baseUrl"] = nameof(Url), ["secret"] = nameof(Secret),
        ["apiKey"] = nameof(Secret), ["listId"] = nameof(ListId), ["tagId"] = nameof(TagId), ["consentTimeFieldId"] = nameof(ConsentTimeFieldId),
        ["ipFieldId"] = nameof(IpFieldId), ["sourceFieldId"] = nameof(SourceFieldId), ["mergeFields"] = nameof(MergeFields),
        ["marketingPermissionIds"] = nameof(MarketingPermissionIds), ["timeoutSeconds"] = nameof(TimeoutSeconds),
    };

    public string? Name { get; set; }
    public string Type { get; set; } = "webhook";
    [Display(Name = "URL (webhook) or API base URL")] public string? Url { get; set; }
    [Display(Name = "Signing secret or API key"), DataType(DataType.Password)] public string? Secret { get; set; }
    [Display(Name = "List id (ActiveCampaign list, Mailchimp audience)")] public string? ListId { get; set; }
    [Display(Name = "Tag id (ActiveCampaign, optional)")] public string? TagId { get; set; }
    [Display(Name = "Consent time field id")] public string? ConsentTimeFieldId { get; set; }
    [Display(Name = "IP address field id")] public string? IpFieldId { get; set; }
    [Display(Name = "Source field id")] public string? SourceFieldId { get; set; }
    [Display(Name = "Merge fields (Mailchimp), one TAG=source a line")] public string? MergeFields { get; set; }
    [Display(Name = "Marketing permission ids (Mailchimp), one a line")] public string? MarketingPermissionIds { get; set; }
    [Display(Name = "Time-out (seconds)")] public int TimeoutSeconds { get; set; } = 10;

    public DestinationChanges ToChanges() => new()
    {
        Name = Name, Type = Type, Url = Url, Secret = Secret, ListId = ListId, TagId = TagId, ConsentTimeFieldId = ConsentTimeFieldId,
        IpFieldId = IpFieldId, SourceFieldId = SourceFieldId, TimeoutSeconds = TimeoutSeconds,
        MergeFields = Lines(MergeFields).Select(l => l.Split('=', 2)).ToDictionary(p => p[0].Trim(), p => p.Length > 1 ? p[1].Trim() : "", StringComparer.Ordinal),
        MarketingPermissionIds = Lines(MarketingPermissionIds).ToList(),
    };

    public static DestinationForm From(Destination d)
    {
        var s = d.Settings;
        return new()
        {
            Name = d.Name, Type = DestinationChanges.TypeName(d.Type), Url = d.Url, ListId = s.ListId, TagId = s.TagId, ConsentTimeFieldId = s.ConsentTimeFieldId,
            IpFieldId = s.IpFieldId, SourceFieldId = s.SourceFieldId, TimeoutSeconds = d.TimeoutSeconds,
            MergeFields = string.Join('\n', s.MergeFields.Select(m => $"{m.Key}={m.Value}")),
            MarketingPermissionIds = string.Join('\n', s.MarketingPermissionIds),
        };
    }

    private static IEnumerable<string> Lines(string? text) =>
        (text ?? "").Split(['\n', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal);
}
