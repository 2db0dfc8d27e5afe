using System.Security.Cryptography;
using MimeKit;

namespace ReOptIn.Core.Bounces;

/// <summary>
/// A returned message's own identity, for "process each message once": its Message-ID (what every
/// MTA sets on a bounce or feedback report), or, without one, a SHA-256 of its bytes.
/// </summary>
public static class BounceMessageKey
{
    private const int MaxIdLength = 180;

    public static string Of(byte[] raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        string? id = null;
        try
        {
            using var stream = new MemoryStream(raw, writable: false);
            id = HeaderList.Load(LineEnds.Normalise(stream))[HeaderId.MessageId];
        }
        catch (FormatException)
        {
            // Not a message: the bytes are its identity.
        }
        id = id?.Trim().Trim('<', '>').Trim();
        if (string.IsNullOrEmpty(id)) return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(raw));
        return id.Length <= MaxIdLength ? "id:" + id : "id-sha256:" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id)));
    }
}
