using System.Security.Cryptography;
using System.Text;
using ReOptIn.Core.Contacts;

namespace ReOptIn.Core.Compliance;

/// <summary>
/// HMAC-SHA256 of a normalised address with the installation's secret key. Without the key a
/// stolen database cannot be checked against a list of candidate addresses.
/// </summary>
public sealed class AddressHasher
{
    public const int KeyBytes = 32;
    private readonly byte[] _key;

    public AddressHasher(byte[] key)
    {
        if (key.Length < KeyBytes)
            throw new ArgumentException($"The address-hash key must be at least {KeyBytes} bytes.", nameof(key));
        _key = key.ToArray();
    }

    /// <summary>Hashes an address given in any spelling; null when it is not an address at all.</summary>
    public byte[]? TryHash(string rawAddress) =>
        EmailAddress.Normalize(rawAddress) is { } normalized ? HashNormalized(normalized) : null;

    public byte[] HashNormalized(string normalizedAddress) =>
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(normalizedAddress));

    /// <summary>A value derived from the key that reveals nothing about it, to tell keys apart.</summary>
    public string Fingerprint() =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, "reoptin:address-hash-key:fingerprint"u8)[..16]);
}
