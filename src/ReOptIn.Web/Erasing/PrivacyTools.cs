using ReOptIn.Core.Auditing;
using ReOptIn.Core.Compliance;
using ReOptIn.Core.Data;
using ReOptIn.Core.Erasing;
using ReOptIn.Web.Auditing;

namespace ReOptIn.Web.Erasing;

/// <summary>Find, export and erase one person; every use is audited under the address's hash prefix, never the address.</summary>
public sealed class PrivacyTools(ReOptInDb db, AddressHasher hasher, AuditTrail audit, IHttpContextAccessor http, TimeProvider clock)
{
    public static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task<PersonRecord?> FindAsync(string address, bool export, CancellationToken ct)
    {
        if (await PersonRecord.FindAsync(db, hasher, address, ct) is not { } person) return null;
        await audit.RecordNowAsync(export ? AuditActions.PrivacyExported : AuditActions.PrivacyViewed, "hash " + person.HashPrefix,
            person.IsEmpty ? "nothing stored" : null, ct: ct);
        return person;
    }

    public Task<Erasure?> EraseAsync(string address, CancellationToken ct) =>
        PersonRecord.EraseAsync(db, hasher, address, Actors.Of(http.HttpContext!), clock.GetUtcNow().UtcDateTime, ct);
}
