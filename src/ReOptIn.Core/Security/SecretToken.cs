using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace ReOptIn.Core.Security;

/// <summary>
/// Random secrets handed to people (API keys, and later the links in requests): 256 random bits,
/// URL-safe, and only their SHA-256 is stored. An unsalted hash is enough for a secret with that
/// much entropy, and it lets the database find the row by an indexed equality.
/// </summary>
public static class SecretToken
{
    public const int RandomBytes = 32;

    /// <summary>A new secret, optionally behind a readable prefix such as <c>roi_</c>.</summary>
    public static string Create(string prefix = "") =>
        prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>Constant-time comparison of a presented secret with a stored hash.</summary>
    public static bool Matches(string presented, byte[] storedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(presented), storedHash);
}
