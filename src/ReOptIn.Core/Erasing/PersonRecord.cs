using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Compliance;
using ReOptIn.Core.Contacts;
using ReOptIn.Core.Data;
using ReOptIn.Core.Sending.Dispatch;

namespace ReOptIn.Core.Erasing;

/// <summary>Everything stored about one address, found by its normalised form and its keyed hash — never by a pattern.</summary>
public sealed record PersonRecord(
    string Address,
    string HashPrefix,
    PersonRecord.ContactData? Contact,
    IReadOnlyList<PersonRecord.ListData> Lists,
    IReadOnlyList<PersonRecord.RequestData> Requests,
    IReadOnlyList<PersonRecord.ReceiptData> Receipts,
    IReadOnlyList<PersonRecord.VisitData> Visits,
    IReadOnlyList<PersonRecord.BounceData> Bounces,
    PersonRecord.SuppressionData? Suppression,
    PersonRecord.RegistryData? AskedRegistry,
    IReadOnlyList<PersonRecord.RejectedRowData> RejectedRows)
{
    public bool IsEmpty => Contact is null && Requests.Count == 0 && Suppression is null && AskedRegistry is null && RejectedRows.Count == 0 && Bounces.Count == 0;

    public sealed record ContactData(long Id, string Email, string? FirstName, string? LastName, string? Country, string? Language,
        string? Jurisdiction, string? CustomAttributesJson, DateTime CreatedAt);

    public sealed record ListData(int ListId, string ListName, DateTime AddedAt, string? Source, DateTime? LastMailedAt, DateTime? ConsentAt);

    public sealed record RequestData(long Id, int CampaignId, string CampaignName, string State, DateTime CreatedAt, DateTime? SentAt, DateTime? ConfirmedAt, string? MessageId);

    public sealed record ReceiptData(long Id, long RequestId, int CampaignId, string Email, string ConsentStatement, int ConsentVersion, string FormJson,
        string Language, DateTime SubmittedAt, string? IpAddress, string? UserAgent, DateTime? ErasedAt);

    public sealed record VisitData(long RequestId, DateTime At, string Method, string? IpAddress, string? UserAgent, string? AutomatedReason);

    public sealed record BounceData(long Id, DateTime ReceivedAt, string Class, string Reason, string? Status, string? DiagnosticCode, bool RawMessageKept);

    public sealed record SuppressionData(string Reason, DateTime CreatedAt, string? Note);

    public sealed record RegistryData(DateTime AskedAt, int? CampaignId);

    public sealed record RejectedRowData(long ImportJobId, long RowNumber, string Reason, string Row);

    /// <summary>The first four bytes of the keyed hash, in hex: enough to tell entries apart in the audit log, useless to find the address.</summary>
    public static string PrefixOf(byte[] hash) => Convert.ToHexStringLower(hash.AsSpan(0, 4));

    /// <summary>Null when <paramref name="address"/> is not an address at all.</summary>
    public static async Task<PersonRecord?> FindAsync(ReOptInDb db, AddressHasher hasher, string address, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(hasher);
        if (EmailAddress.Normalize(address) is not { } normalized) return null;
        var hash = hasher.HashNormalized(normalized);

        var contact = await db.Contacts.AsNoTracking().Where(c => c.NormalizedEmail == normalized)
            .Select(c => new ContactData(c.Id, c.Email, c.FirstName, c.LastName, c.Country, c.Language, c.Jurisdiction, c.CustomAttributesJson, c.CreatedAt))
            .SingleOrDefaultAsync(ct);
        var lists = contact is null ? [] : await db.Memberships.AsNoTracking().Where(m => m.ContactId == contact.Id).OrderBy(m => m.AddedAt)
            .Select(m => new ListData(m.ListId, m.List!.Name, m.AddedAt, m.Source, m.LastMailedAt, m.ConsentAt)).ToListAsync(ct);
        var requests = (await db.Requests.AsNoTracking().Where(r => r.AddressHash == hash).OrderBy(r => r.Id)
            .Select(r => new { r.Id, r.CampaignId, r.Campaign!.Name, r.State, r.CreatedAt, r.SentAt, r.ConfirmedAt, r.MessageId }).ToListAsync(ct))
            .Select(r => new RequestData(r.Id, r.CampaignId, r.Name, r.State.ToString(), r.CreatedAt, r.SentAt, r.ConfirmedAt, r.MessageId)).ToList();
        var ids = requests.Select(r => r.Id).ToList();
        var receipts = await db.Receipts.AsNoTracking().Where(x => ids.Contains(x.RequestId)).OrderBy(x => x.Id)
            .Select(x => new ReceiptData(x.Id, x.RequestId, x.CampaignId, x.Email, x.ConsentStatement, x.ConsentVersion, x.FormJson, x.Language,
                x.SubmittedAt, x.IpAddress, x.UserAgent, x.ErasedAt)).ToListAsync(ct);
        var visits = await db.Visits.AsNoTracking().Where(v => ids.Contains(v.RequestId)).OrderBy(v => v.At)
            .Select(v => new VisitData(v.RequestId, v.At, v.Method, v.IpAddress, v.UserAgent, v.AutomatedReason)).ToListAsync(ct);
        var bounces = (await db.Bounces.AsNoTracking()
            .Where(b => (b.RequestId != null && ids.Contains(b.RequestId.Value)) || b.RecipientHash == hash).OrderBy(b => b.Id)
            .Select(b => new { b.Id, b.ReceivedAt, b.Class, b.Reason, b.Status, b.DiagnosticCode, Raw = b.RawMessage != null }).ToListAsync(ct))
            .Select(b => new BounceData(b.Id, b.ReceivedAt, b.Class.ToString(), b.Reason, b.Status, b.DiagnosticCode, b.Raw)).ToList();
        var suppression = (await db.Suppressions.AsNoTracking().Where(s => s.AddressHash == hash)
            .Select(s => new { s.Reason, s.CreatedAt, s.Note }).SingleOrDefaultAsync(ct)) is { } s
            ? new SuppressionData(s.Reason.ToString(), s.CreatedAt, s.Note) : null;
        var asked = await db.AskedRegistry.AsNoTracking().Where(a => a.AddressHash == hash)
            .Select(a => new RegistryData(a.AskedAt, a.CampaignId)).SingleOrDefaultAsync(ct);
        var rejected = await RejectedRowsAsync(db, normalized, ct);
        return new PersonRecord(normalized, PrefixOf(hash), contact, lists, requests, receipts, visits, bounces, suppression, asked,
            rejected.Select(r => new RejectedRowData(r.JobId, r.RowNumber, r.Reason, r.Row)).ToList());
    }

    /// <summary>
    /// Erases the person on request: the same erasure as the deadline's, over every request to the
    /// address and its contact row, with pending requests expired and the hash suppressed
    /// (<see cref="SuppressionReason.ErasureRequest"/>) so that no import can ask it again.
    /// </summary>
    public static async Task<Erasure?> EraseAsync(ReOptInDb db, AddressHasher hasher, string address, ErasureActor actor, DateTime now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentNullException.ThrowIfNull(actor);
        if (EmailAddress.Normalize(address) is not { } normalized) return null;
        var hash = hasher.HashNormalized(normalized);
        var rejectIds = (await RejectedRowsAsync(db, normalized, ct)).Select(r => r.Id).ToList();

        using var gate = await WriterGate.EnterAsync(db, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var requests = db.Requests.Where(r => r.AddressHash == hash);
        await requests.Where(r => r.State == RequestState.Queued || r.State == RequestState.Deferred || r.State == RequestState.Sent
                || r.State == RequestState.Visited || r.State == RequestState.InDoubt)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, RequestState.Expired).SetProperty(r => r.StateChangedAt, now), ct);
        var requestCount = await requests.CountAsync(ct);
        var contacts = await PersonalData.EraseAsync(db, requests, db.Contacts.Where(c => c.NormalizedEmail == normalized), now, ct);
        await db.Bounces.Where(b => b.RecipientHash == hash && (b.RawMessage != null || b.DiagnosticCode != null))
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.RawMessage, (string?)null).SetProperty(b => b.DiagnosticCode, (string?)null), ct);
        if (rejectIds.Count > 0) await db.ImportRejects.Where(x => rejectIds.Contains(x.Id)).ExecuteDeleteAsync(ct);
        if (!await db.Suppressions.AnyAsync(s => s.AddressHash == hash, ct))
            db.Suppressions.Add(new Suppression(hash, SuppressionReason.ErasureRequest, now));
        var prefix = PrefixOf(hash);
        var erasure = new Erasure(now, ErasureRule.Request, null, contacts, requestCount, actor.UserId, actor.Name, "hash " + prefix);
        db.Erasures.Add(erasure);
        db.AuditLog.Add(new AuditEntry(now, AuditActions.PrivacyErased, actor.UserId, actor.Name, "hash " + prefix,
            string.Create(CultureInfo.InvariantCulture, $"on request: {contacts} contact(s) erased, {requestCount} request(s) cleared, {rejectIds.Count} rejected row(s) deleted; suppressed"),
            actor.IpAddress));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return erasure;
    }

    /// <summary>
    /// Rejected import rows that hold the address as one of their fields. Rows are raw text with no
    /// hash, so they are read in pages and their fields compared after normalising: an exact
    /// match, never a substring (ann@… must not find joann@…).
    /// </summary>
    private static async Task<List<Importing.ImportReject>> RejectedRowsAsync(ReOptInDb db, string normalized, CancellationToken ct)
    {
        var found = new List<Importing.ImportReject>();
        long after = 0;
        while (true)
        {
            var page = await db.ImportRejects.AsNoTracking().Where(x => x.Id > after).OrderBy(x => x.Id).Take(5000).ToListAsync(ct);
            if (page.Count == 0) return found;
            found.AddRange(page.Where(x => x.Row.Split(FieldSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Any(f => EmailAddress.Normalize(f) == normalized)));
            after = page[^1].Id;
        }
    }

    private static readonly char[] FieldSeparators = [',', ';', '\t', '|', '"', '<', '>', ' '];
}
