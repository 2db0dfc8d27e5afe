namespace ReOptIn.Core.Erasing;

/// <summary>Who started an erasure, for its record and the audit log.</summary>
public sealed record ErasureActor(string? UserId, string Name, string? IpAddress = null)
{
    public static readonly ErasureActor System = new(null, "system");
}
