namespace ReOptIn.Core.Compliance;

/// <summary>
/// The "already asked" registry: one row per address that was ever sent a request, keyed by the
/// address's HMAC. Its primary key is what makes "once per address, ever" hold across campaigns,
/// lists, re-imports and instances. It outlives every erasure.
/// </summary>
public sealed class AskedAddress
{
    public AskedAddress(byte[] addressHash, int? campaignId, DateTime askedAt)
    {
        AddressHash = addressHash;
        CampaignId = campaignId;
        AskedAt = askedAt;
    }

    public byte[] AddressHash { get; private set; }

    /// <summary>The campaign that asked (null once that campaign is deleted).</summary>
    public int? CampaignId { get; private set; }

    public DateTime AskedAt { get; private set; }
}
