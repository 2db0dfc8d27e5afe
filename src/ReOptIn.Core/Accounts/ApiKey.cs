namespace ReOptIn.Core.Accounts;

/// <summary>
/// A key for the JSON API (header <c>X-Api-Key</c>). It acts as its owner, with the owner's role.
/// The key is shown once; only its SHA-256 is stored.
/// </summary>
public sealed class ApiKey
{
    public const string Prefix = "roi_";

    public ApiKey(string name, string userId, byte[] secretHash, string hint, DateTime createdAt)
    {
        Name = name;
        UserId = userId;
        SecretHash = secretHash;
        Hint = hint;
        CreatedAt = createdAt;
    }

    public int Id { get; private set; }

    public string Name { get; set; }

    public string UserId { get; private set; }

    public AppUser? User { get; private set; }

    public byte[] SecretHash { get; private set; }

    /// <summary>The first characters of the key, so a person can tell their keys apart.</summary>
    public string Hint { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? LastUsedAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public static string HintOf(string key) => key.Length <= 10 ? "…" : key[..10] + "…";
}
