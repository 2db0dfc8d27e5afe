using System.Security.Cryptography;
using ReOptIn.Core.Sending;

namespace ReOptIn.IntegrationTests.Sending;

public class DkimKeysTests
{
    [Fact]
    public void A_generated_key_is_2048_bit_RSA_and_valid()
    {
        var key = DkimKeys.Generate();

        using var rsa = RSA.Create();
        rsa.ImportFromPem(key.PrivateKeyPem);
        Assert.Equal(2048, rsa.KeySize);
        Assert.Null(DkimKeys.Validate(key.PrivateKeyPem));
    }

    [Fact]
    public void The_DNS_record_carries_the_public_key()
    {
        var key = DkimKeys.Generate();

        var value = DkimKeys.DnsRecordValue(key.PrivateKeyPem);

        Assert.StartsWith("v=DKIM1; k=rsa; p=", value, StringComparison.Ordinal);
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(value["v=DKIM1; k=rsa; p=".Length..]), out _);
        Assert.Equal(2048, rsa.KeySize);
        Assert.Equal("rq2025._domainkey.example.com", DkimKeys.DnsRecordName(new DkimSettings("example.com", "rq2025", key.PrivateKeyPem)));
    }

    [Fact]
    public void A_PKCS1_key_is_accepted_too()
    {
        using var rsa = RSA.Create(2048);

        Assert.Null(DkimKeys.Validate(rsa.ExportRSAPrivateKeyPem()));
    }

    [Theory]
    [InlineData("garbage", "not a PEM private key")]
    [InlineData("", "not a PEM private key")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nnot base64 at all\n-----END PRIVATE KEY-----", "not a PEM private key")]
    public void Text_that_is_not_a_key_is_named_as_such(string pem, string expected)
    {
        Assert.Contains(expected, DkimKeys.Validate(pem), StringComparison.Ordinal);
    }

    [Fact]
    public void A_short_key_is_refused_with_its_size()
    {
        using var rsa = RSA.Create(512);

        Assert.Equal("The key is 512 bits; use at least 1024 (2048 recommended).", DkimKeys.Validate(rsa.ExportPkcs8PrivateKeyPem()));
    }

    [Fact]
    public void A_public_key_an_encrypted_key_and_an_EC_key_are_refused()
    {
        using var rsa = RSA.Create(2048);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var encrypted = rsa.ExportEncryptedPkcs8PrivateKeyPem("secret", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000));

        Assert.Contains("public key", DkimKeys.Validate(rsa.ExportSubjectPublicKeyInfoPem()), StringComparison.Ordinal);
        Assert.Contains("passphrase", DkimKeys.Validate(encrypted), StringComparison.Ordinal);
        Assert.Contains("RSA", DkimKeys.Validate(ec.ExportECPrivateKeyPem()), StringComparison.Ordinal);
        Assert.Contains("RSA", DkimKeys.Validate(ec.ExportPkcs8PrivateKeyPem()), StringComparison.Ordinal);
    }
}
