using ReOptIn.Core.HandOff;

namespace ReOptIn.Web.HandOff;

/// <summary>A destination as the API shows it: never its secret, only that one is stored.</summary>
public sealed record DestinationView(int Id, string Name, string Type, string? Url, bool HasSecret, int TimeoutSeconds,
    string? ListId, string? TagId, string? ConsentTimeFieldId, string? IpFieldId, string? SourceFieldId,
    IReadOnlyDictionary<string, string> MergeFields, IReadOnlyList<string> MarketingPermissionIds, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static DestinationView Of(Destination d)
    {
        var s = d.Settings;
        return new(d.Id, d.Name, DestinationChanges.TypeName(d.Type), d.Url, d.SecretProtected.Length > 0, d.TimeoutSeconds,
            s.ListId, s.TagId, s.ConsentTimeFieldId, s.IpFieldId, s.SourceFieldId, s.MergeFields, s.MarketingPermissionIds, d.CreatedAt, d.UpdatedAt);
    }
}

/// <summary>One event's delivery to a destination: where it stands, how often it was tried, the last answer.</summary>
public sealed record DeliveryView(long EventId, long RequestId, string Status, int Attempts, string? LastError,
    DateTime CreatedAt, DateTime? FirstAttemptAt, DateTime? NextAttemptAt, DateTime? DeliveredAt)
{
    public static string StatusName(DeliveryStatus s) => s.ToString().ToLowerInvariant();
}
