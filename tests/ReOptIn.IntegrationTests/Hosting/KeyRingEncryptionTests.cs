using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReOptIn.Core.Compliance;
using ReOptIn.Core.Data;
using ReOptIn.IntegrationTests.Support;

namespace ReOptIn.IntegrationTests.Hosting;

/// <summary>With <c>DataProtection:CertificateFile</c> set, the key ring in the database is encrypted.</summary>
public sealed class KeyRingEncryptionTests
{
    [Fact]
    public async Task The_key_ring_is_stored_encrypted_with_the_certificate_and_read_back_after_a_restart()
    {
        var pfx = Path.Combine(Path.GetTempPath(), $"reoptin-keyring-{Guid.NewGuid():N}.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=ReOptIn key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "pfx password"));
        }
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["DataProtection:CertificateFile"] = pfx,
                ["DataProtection:CertificatePassword"] = "pfx password",
            };
            await using var app = ReOptInFactory.Sqlite(settings);
            var hash = app.Service<AddressHasher>().TryHash("jane@example.com");
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var xml = (await scope.ServiceProvider.GetRequiredService<ReOptInDb>().DataProtectionKeys.SingleAsync()).Xml!;
                Assert.Contains("EncryptedXml", xml, StringComparison.Ordinal);
                Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
            }

            // A restart with the same certificate can decrypt the ring, and so the stored address-hash key.
            await using var restarted = app.Twin();
            Assert.Equal(hash, restarted.Service<AddressHasher>().TryHash("jane@example.com"));
        }
        finally
        {
            File.Delete(pfx);
        }
    }
}
