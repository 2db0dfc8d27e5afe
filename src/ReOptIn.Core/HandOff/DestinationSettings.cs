namespace ReOptIn.Core.HandOff;

/// <summary>
/// The settings a destination type needs besides its URL and secret, stored as JSON. Field and list
/// ids are the service's own (ActiveCampaign numbers, Mailchimp strings), kept as text.
/// </summary>
public sealed record DestinationSettings
{
    /// <summary>ActiveCampaign list id, or Mailchimp audience (list) id.</summary>
    public string? ListId { get; init; }

    /// <summary>ActiveCampaign: a tag id added to the contact (optional).</summary>
    public string? TagId { get; init; }

    /// <summary>ActiveCampaign: custom field ids that receive the consent time, IP address and source.</summary>
    public string? ConsentTimeFieldId { get; init; }

    public string? IpFieldId { get; init; }

    public string? SourceFieldId { get; init; }

    /// <summary>
    /// Mailchimp: merge tags besides FNAME and LNAME, each filled from one of <see cref="MergeSources"/>
    /// (e.g. <c>CONSENTAT</c> → <c>confirmedAt</c>).
    /// </summary>
    public Dictionary<string, string> MergeFields { get; init; } = [];

    /// <summary>Mailchimp: GDPR marketing permission ids enabled for the member (optional).</summary>
    public List<string> MarketingPermissionIds { get; init; } = [];

    /// <summary>What a Mailchimp merge field can be filled with.</summary>
    public static readonly IReadOnlyList<string> MergeSources = ["confirmedAt", "ipAddress", "source", "language", "campaign"];
}
