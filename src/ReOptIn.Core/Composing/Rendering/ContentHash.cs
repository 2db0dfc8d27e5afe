using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ReOptIn.Core.Composing.Rendering;

/// <summary>Fingerprints approved content so that any later edit is detected.</summary>
public static class ContentHash
{
    /// <summary>
    /// Lowercase hex SHA-256 over the parts, each prefixed with its UTF-8 length (-1 for null), so
    /// ("ab", "c"), ("a", "bc") and (null) vs ("") all differ.
    /// </summary>
    public static string Compute(params string?[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> prefix = stackalloc byte[4];
        foreach (var part in parts)
        {
            var bytes = part is null ? [] : Encoding.UTF8.GetBytes(part);
            BinaryPrimitives.WriteInt32BigEndian(prefix, part is null ? -1 : bytes.Length);
            hash.AppendData(prefix);
            hash.AppendData(bytes);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
