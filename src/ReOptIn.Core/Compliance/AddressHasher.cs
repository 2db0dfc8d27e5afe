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

    // One HMAC context per thread, reused: a one-shot HMACSHA256.HashData sets up a new context on
    // every call, which made hashing the slowest step of a million-row import.
    [ThreadStatic] private static IncrementalHash? _hmac;
    [ThreadStatic] private static byte[]? _hmacKey;

    public byte[] HashNormalized(string normalizedAddress)
    {
        if (_hmac is null || !ReferenceEquals(_hmacKey, _key))
        {
            _hmac?.Dispose();
            _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
            _hmacKey = _key;
        }
        var max = Encoding.UTF8.GetMaxByteCount(normalizedAddress.Length);
        Span<byte> buffer = max <= 1024 ? stackalloc byte[max] : new byte[max];
        var length = Encoding.UTF8.GetBytes(normalizedAddress, buffer);
        _hmac.AppendData(buffer[..length]);
        return _hmac.GetHashAndReset();
    }

    /// <summary>A value derived from the key that reveals nothing about it, to tell keys apart.</summary>
    public string Fingerprint() =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, "reoptin:address-hash-key:fingerprint"u8)[..16]);
}
