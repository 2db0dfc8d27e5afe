using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;

namespace ReOptIn.Core.Security;

/// <summary>
/// The token in a request's links (ADR-0025): the request's id (11 characters, base64url of 8 bytes)
/// before a random secret (<see cref="SecretToken"/>, 256 bits) of which only the SHA-256 is stored
/// (<c>Requests.LinkHash</c>). The id finds the row by its primary key, so sending a request updates no
/// index over random hashes; the secret, compared in constant time, is the check. A token of a request
/// sent before (43 characters, the secret alone) is found by its hash (<c>Requests.TokenHash</c>).
/// </summary>
public readonly record struct LinkToken(long? RequestId, string Secret)
{
    private const int IdLength = 11;
    private static readonly int TokenLength = IdLength + Base64Url.GetEncodedLength(SecretToken.RandomBytes);

    /// <summary>The token for request <paramref name="requestId"/> with <paramref name="secret"/> (from <see cref="SecretToken.Create"/>).</summary>
    public static string Compose(long requestId, string secret)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requestId);
        ArgumentNullException.ThrowIfNull(secret);
        Span<byte> id = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(id, requestId);
        return Base64Url.EncodeToString(id) + secret;
    }

    /// <summary>The request id and secret of a token with both; for an older token (or anything else) no id and the whole token as the secret.</summary>
    public static LinkToken Parse(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        Span<byte> id = stackalloc byte[8];
        // The status, not TryDecodeFromChars: that throws on an id whose last character has bits to spare (a crafted link).
        if (token.Length == TokenLength && Base64Url.DecodeFromChars(token.AsSpan(0, IdLength), id, out _, out var written) == OperationStatus.Done && written == 8
            && BinaryPrimitives.ReadInt64BigEndian(id) is > 0 and var requestId)
            return new LinkToken(requestId, token[IdLength..]);
        return new LinkToken(null, token);
    }
}
