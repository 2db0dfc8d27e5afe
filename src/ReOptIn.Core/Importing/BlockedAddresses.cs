using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Compliance;
using ReOptIn.Core.Data;
using ReOptIn.Core.Importing.Addresses;

namespace ReOptIn.Core.Importing;

/// <summary>
/// Answers "may this address be imported for asking?" against the "already asked" registry and
/// the suppression list. Small registries are loaded once into memory (one query instead of one per
/// batch); large ones are asked batch by batch.
/// </summary>
public sealed class BlockedAddresses
{
    public const int InMemoryLimit = 2_000_000;
    private const int QueryBatch = 1_000;

    private readonly ReOptInDb _db;
    private readonly Dictionary<Hash32, Block>? _all;

    public readonly record struct Block(string Reason, string Detail);

    private BlockedAddresses(ReOptInDb db, Dictionary<Hash32, Block>? all)
    {
        _db = db;
        _all = all;
    }

    public static async Task<BlockedAddresses> LoadAsync(ReOptInDb db, CancellationToken ct)
    {
        var total = await db.AskedRegistry.LongCountAsync(ct) + await db.Suppressions.LongCountAsync(ct);
        if (total > InMemoryLimit) return new BlockedAddresses(db, null);
        var all = new Dictionary<Hash32, Block>((int)total);
        // Suppressions first: a suppression says more than "already asked".
        await foreach (var s in db.Suppressions.AsNoTracking().Select(s => new { s.AddressHash, s.Reason, s.CreatedAt }).AsAsyncEnumerable().WithCancellation(ct))
            all.TryAdd(Hash32.From(s.AddressHash), Suppressed(s.Reason, s.CreatedAt));
        await foreach (var a in db.AskedRegistry.AsNoTracking().Select(a => new { a.AddressHash, a.AskedAt }).AsAsyncEnumerable().WithCancellation(ct))
            all.TryAdd(Hash32.From(a.AddressHash), Asked(a.AskedAt));
        return new BlockedAddresses(db, all);
    }

    /// <summary>The blocked ones among <paramref name="hashes"/>.</summary>
    public async Task<IReadOnlyDictionary<Hash32, Block>> FindAsync(IReadOnlyList<byte[]> hashes, CancellationToken ct)
    {
        var found = new Dictionary<Hash32, Block>();
        if (_all is not null)
        {
            if (_all.Count == 0) return found;
            foreach (var h in hashes)
            {
                var key = Hash32.From(h);
                if (_all.TryGetValue(key, out var block)) found[key] = block;
            }
            return found;
        }
        foreach (var chunk in hashes.Chunk(QueryBatch))
        {
            var suppressed = await _db.Suppressions.AsNoTracking().Where(s => chunk.Contains(s.AddressHash))
                .Select(s => new { s.AddressHash, s.Reason, s.CreatedAt }).ToListAsync(ct);
            foreach (var s in suppressed) found.TryAdd(Hash32.From(s.AddressHash), Suppressed(s.Reason, s.CreatedAt));
            var asked = await _db.AskedRegistry.AsNoTracking().Where(a => chunk.Contains(a.AddressHash))
                .Select(a => new { a.AddressHash, a.AskedAt }).ToListAsync(ct);
            foreach (var a in asked) found.TryAdd(Hash32.From(a.AddressHash), Asked(a.AskedAt));
        }
        return found;
    }

    private static Block Asked(DateTime at) => new(RejectReasons.AlreadyAsked, $"already asked on {Day(at)}");

    private static Block Suppressed(SuppressionReason reason, DateTime at) => new(RejectReasons.Suppressed, reason switch
    {
        SuppressionReason.Declined => "declined",
        SuppressionReason.Unsubscribed => "unsubscribed",
        SuppressionReason.HardBounce => "hard bounce",
        SuppressionReason.Complaint => "spam complaint",
        SuppressionReason.ErasureRequest => "asked to be erased",
        _ => "suppressed",
    } + " on " + Day(at));

    // ISO dates whatever the server's culture (some cultures use other calendars).
    private static string Day(DateTime at) => at.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
