using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ReOptIn.Core.HandOff;

/// <summary>
/// The webhook's signature: <c>ReOptIn-Signature: t=UNIX_SECONDS,v1=HEX</c> where HEX is
/// HMAC-SHA256(secret, t + "." + body). The timestamp lets a receiver refuse replays of old
/// requests; the README shows how to verify it.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "ReOptIn-Signature";
    public const string IdempotencyHeader = "Idempotency-Key";
    public const string EventIdHeader = "ReOptIn-Event-Id";

    public static string Create(string secret, long unixSeconds, string body)
    {
        var t = unixSeconds.ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(t + "." + body));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }
}
