using System.Security.Cryptography;
using System.Text;
using MimeKit.Cryptography;

namespace ReOptIn.Core.Sending;

/// <summary>Generates, checks and publishes DKIM keys (RSA only: Ed25519 is still not verified by every receiver).</summary>
public static class DkimKeys
{
    public const int GeneratedBits = 2048;
    public const int MinimumBits = 1024;

    public static GeneratedDkimKey Generate()
    {
        using var rsa = RSA.Create(GeneratedBits);
        return new GeneratedDkimKey(rsa.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>The TXT record value to publish: the public key as base64 SubjectPublicKeyInfo.</summary>
    public static string DnsRecordValue(string privateKeyPem)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(privateKeyPem);
        return "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo());
    }

    public static string DnsRecordName(DkimSettings s) =>
        $"{s.Selector.Trim()}._domainkey.{s.Domain.Trim().TrimEnd('.')}";

    /// <summary>Null when the PEM is an RSA private key of at least 1024 bits that the signer can use; otherwise the problem in plain words.</summary>
    public static string? Validate(string privateKeyPem)
    {
        if (string.IsNullOrWhiteSpace(privateKeyPem) || !privateKeyPem.Contains("-----BEGIN ", StringComparison.Ordinal))
            return "This is not a PEM private key. Paste the whole key, including the -----BEGIN PRIVATE KEY----- and -----END PRIVATE KEY----- lines.";
        if (privateKeyPem.Contains("ENCRYPTED", StringComparison.Ordinal))
            return "This key is protected by a passphrase. Export it without a passphrase and paste it again.";
        if (privateKeyPem.Contains("-----BEGIN EC PRIVATE KEY-----", StringComparison.Ordinal))
            return "This is an elliptic-curve key. DKIM signing here needs an RSA key.";

        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(privateKeyPem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return "This is not a PEM private key that can be read (an RSA key in PKCS#8 or PKCS#1 form is needed).";
        }
        if (!HasPrivatePart(rsa))
            return "This is a public key. Paste the private key instead; the public key goes into DNS.";
        if (rsa.KeySize < MinimumBits)
            return $"The key is {rsa.KeySize} bits; use at least {MinimumBits} ({GeneratedBits} recommended).";

        try
        {
            // .NET and MimeKit (BouncyCastle) read PEM separately: prove the signer accepts it too.
            using var stream = new MemoryStream(Encoding.ASCII.GetBytes(privateKeyPem));
            _ = new DkimSigner(stream, "example.com", "check", DkimSignatureAlgorithm.RsaSha256);
        }
        catch (Exception e) when (e is FormatException or IOException or InvalidCastException or ArgumentException)
        {
            return "The key could not be loaded for signing; export it again as an unencrypted PKCS#8 PEM.";
        }
        return null;
    }

    private static bool HasPrivatePart(RSA rsa)
    {
        try
        {
            _ = rsa.ExportParameters(includePrivateParameters: true);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
