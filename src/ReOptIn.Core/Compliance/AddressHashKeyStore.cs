using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Data;

namespace ReOptIn.Core.Compliance;

/// <summary>
/// Finds the installation's address-hash key at start-up. The key is either given in configuration
/// (<c>Registry:HashKey</c>, base64, recommended for servers) or generated on the first start and kept
/// in the database, encrypted with Data Protection. Either way its fingerprint is recorded, and a
/// start with a different key is refused: a changed key would silently make every address "never
/// asked" again.
/// </summary>
public static class AddressHashKeyStore
{
    public const string SecretName = "address-hash-key";
    private const string Purpose = "ReOptIn.Compliance.AddressHashKey";

    public static async Task<AddressHasher> LoadOrCreateAsync(
        ReOptInDb db, IDataProtectionProvider dataProtection, string? configuredKey, DateTime now, CancellationToken ct = default)
    {
        var protector = dataProtection.CreateProtector(Purpose);
        var configured = ParseConfiguredKey(configuredKey);
        for (var attempt = 0; ; attempt++)
        {
            var stored = await db.InstallationSecrets.AsNoTracking().SingleOrDefaultAsync(s => s.Name == SecretName, ct);
            if (stored is not null)
                return FromStored(stored, configured, protector);

            var key = configured ?? RandomNumberGenerator.GetBytes(AddressHasher.KeyBytes);
            var hasher = new AddressHasher(key);
            var protectedValue = configured is null ? protector.Protect(Convert.ToBase64String(key)) : null;
            db.InstallationSecrets.Add(new InstallationSecret(SecretName, hasher.Fingerprint(), protectedValue, now));
            try
            {
                await db.SaveChangesAsync(ct);
                return hasher;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Another instance created it at the same moment: use theirs.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// The stored key in base64, for moving it into configuration (<c>Registry:HashKey</c>) or a secret
    /// store; null when the key is already kept in configuration (the database holds only its fingerprint).
    /// </summary>
    public static async Task<string?> ExportStoredAsync(ReOptInDb db, IDataProtectionProvider dataProtection, CancellationToken ct = default)
    {
        var stored = await db.InstallationSecrets.AsNoTracking().SingleOrDefaultAsync(s => s.Name == SecretName, ct)
            ?? throw new InvalidOperationException("This database has no address-hash key yet: start the app once first.");
        return stored.ProtectedValue is null ? null : dataProtection.CreateProtector(Purpose).Unprotect(stored.ProtectedValue);
    }

    private static AddressHasher FromStored(InstallationSecret stored, byte[]? configured, IDataProtector protector)
    {
        if (configured is not null)
        {
            var hasher = new AddressHasher(configured);
            if (hasher.Fingerprint() != stored.Fingerprint)
                throw new InvalidOperationException(
                    "Registry:HashKey is not the key this database was set up with. Every address hash in the " +
                    "'already asked' registry would stop matching, so ReOptIn refuses to start. Restore the original key.");
            return hasher;
        }
        if (stored.ProtectedValue is null)
            throw new InvalidOperationException(
                "This database's address-hash key is kept in configuration (Registry:HashKey), but it is not set. " +
                "Set it to the original value on every instance.");
        return new AddressHasher(Convert.FromBase64String(protector.Unprotect(stored.ProtectedValue)));
    }

    private static byte[]? ParseConfiguredKey(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        byte[] key;
        try
        {
            key = Convert.FromBase64String(value.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("Registry:HashKey must be base64 (for example: openssl rand -base64 32).");
        }
        if (key.Length < AddressHasher.KeyBytes)
            throw new InvalidOperationException($"Registry:HashKey must hold at least {AddressHasher.KeyBytes} bytes; it holds {key.Length}.");
        return key;
    }
}
