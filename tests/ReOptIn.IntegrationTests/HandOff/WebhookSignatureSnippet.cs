using System.Security.Cryptography;
using System.Text;

namespace ReOptIn.IntegrationTests.HandOff;

/// <summary>
/// The verification snippet of the README's "Handing off to your marketing service" section, kept
/// here character for character (a test compares the two), so the code people copy is the code the
/// fake receiver runs on every webhook.
/// </summary>
internal static class WebhookSignatureSnippet
{
// snippet:start
// using System.Security.Cryptography; using System.Text;
// header: the ReOptIn-Signature value; body: the raw request body, as received.
static bool VerifyReOptInSignature(string secret, string header, string body, DateTimeOffset now)
{
    long? t = null;
    var signatures = new List<byte[]>();
    foreach (var part in header.Split(','))
    {
        var kv = part.Split('=', 2);
        if (kv.Length != 2) continue;
        if (kv[0].Trim() == "t" && long.TryParse(kv[1].Trim(), out var seconds)) t = seconds;
        if (kv[0].Trim() == "v1" && kv[1].Trim().Length == 64)
            try { signatures.Add(Convert.FromHexString(kv[1].Trim())); } catch (FormatException) { }
    }
    // Refuse old (replayed) requests: 5 minutes either way.
    if (t is null || Math.Abs(now.ToUnixTimeSeconds() - t.Value) > 300) return false;
    var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}"));
    return signatures.Any(s => CryptographicOperations.FixedTimeEquals(s, expected));
}
// snippet:end

    public static bool Verify(string secret, string header, string body, DateTimeOffset now) => VerifyReOptInSignature(secret, header, body, now);
}
