namespace ReOptIn.Core.Compliance;

public enum SuppressionReason
{
    Declined,
    Unsubscribed,
    HardBounce,
    Complaint,
    ErasureRequest,
    Manual,
}

/// <summary>An address that must never be mailed; stored only as its keyed hash.</summary>
public sealed class Suppression
{
    public Suppression(byte[] addressHash, SuppressionReason reason, DateTime createdAt, string? note = null)
    {
        AddressHash = addressHash;
        Reason = reason;
        CreatedAt = createdAt;
        Note = note;
    }

    public long Id { get; private set; }

    public byte[] AddressHash { get; private set; }

    public SuppressionReason Reason { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public string? Note { get; private set; }
}
