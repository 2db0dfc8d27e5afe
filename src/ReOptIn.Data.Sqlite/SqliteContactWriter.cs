using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Data;
using ReOptIn.Core.Importing;
using SQLitePCL;

namespace ReOptIn.Data.Sqlite;

/// <summary>
/// SQLite's fast path: one transaction per batch, rows inserted in address order straight into
/// <c>Contacts</c> and <c>Memberships</c>, 32 rows per native statement (<see cref="ContactRowsInsert"/>).
/// </summary>
/// <remarks>
/// The statements go through SQLite's native calls rather than <see cref="SqliteCommand"/>: per
/// row, a command boxes every value, encodes every string to a new UTF-8 array and builds a data
/// reader, which cost more than SQLite's own insert (docs/performance.md, "Fourth pass"; ADR-0022).
/// They still run inside the <see cref="SqliteTransaction"/> on the same connection.
/// </remarks>
public sealed class SqliteContactWriter(ReOptInDb db) : IContactBulkWriter
{
    private (ulong Prefix, ImportedContact Contact)[] _keyed = [];

    /// <summary>
    /// 1,000 rows per transaction, not 10,000: a row waits in the import's pipeline until its batch is
    /// written, and with ten times fewer rows waiting, most die before a garbage collection has to copy
    /// them (1M rows: gen2 collections 22 → 6, peak working set −55 MB, CPU per row lower; docs/performance.md,
    /// "Fifth pass"). The write lock is also held for a tenth of the time.
    /// </summary>
    public int BatchSize => 1_000;

    public async Task WriteContactsAsync(int listId, long jobId, DateTime now, IReadOnlyList<ImportedContact> batch, CancellationToken ct)
    {
        var connection = await OpenAsync(ct);
        // In address order, the unique index on NormalizedEmail is written page by page, not at random,
        // and new contacts get ascending ids, so the memberships' indexes are appended to.
        var sorted = InAddressOrder(batch);
        var handle = connection.Handle!;
        // Read the database by read calls into the page cache while writing, not through the memory map
        // (SqlitePragmas): every page of the indexes a large import touches would stay mapped, and count
        // in the process's working set. Restored after the batch, for the connection's next user.
        var mapSize = ScalarInt64(handle, "PRAGMA mmap_size");
        if (mapSize != 0) Run(handle, "PRAGMA mmap_size = 0");
        var synchronous = NotWaitingForTheDisk(handle);
        try
        {
            // BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default): the write lock from the start, so the
            // contact ids ContactRowsInsert hands out stay free until the commit.
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            using (var insert = new ContactRowsInsert(handle, sorted.Length, listId, jobId, now))
                insert.Write(sorted, ct);
            await tx.CommitAsync(ct);
        }
        finally
        {
            if (mapSize != 0) Run(handle, string.Create(CultureInfo.InvariantCulture, $"PRAGMA mmap_size = {mapSize}"));
            Restore(handle, synchronous);
        }
    }

    /// <summary>
    /// Commits the import's batches without waiting for the disk (<c>synchronous = NORMAL</c>; the app's
    /// connections use FULL, SqlitePragmas): an fsync of the log per batch, two per 1,000 rows with the
    /// rejects, held the writing stage still for most of a second per 100,000 rows. Safe because the log
    /// is written in order: the next FULL commit on the database (a progress save, the job's completion,
    /// any other writer) makes every earlier batch durable with it, and a batch lost to a power cut before
    /// then belongs to a job that is still running, which is imported again from the start (ADR-0006).
    /// Returns the connection's value, for <see cref="Restore"/>.
    /// </summary>
    private static long NotWaitingForTheDisk(sqlite3 handle)
    {
        var synchronous = ScalarInt64(handle, "PRAGMA synchronous");
        if (synchronous > 1) Run(handle, "PRAGMA synchronous = NORMAL");
        return synchronous;
    }

    private static void Restore(sqlite3 handle, long synchronous)
    {
        if (synchronous > 1) Run(handle, string.Create(CultureInfo.InvariantCulture, $"PRAGMA synchronous = {synchronous}"));
    }

    /// <summary>
    /// The batch in ordinal order of the normalised address. The first eight characters are compared as
    /// one number, the strings only when those are equal: string comparisons were a tenth of the
    /// writing stage's managed time (docs/performance.md, "Fifth pass").
    /// </summary>
    private ImportedContact[] InAddressOrder(IReadOnlyList<ImportedContact> batch)
    {
        if (_keyed.Length < batch.Count) _keyed = new (ulong, ImportedContact)[batch.Count];
        var keyed = _keyed.AsSpan(0, batch.Count);
        for (var i = 0; i < keyed.Length; i++) keyed[i] = (Prefix(batch[i].NormalizedEmail), batch[i]);
        keyed.Sort(new PrefixFirst());
        var sorted = new ImportedContact[keyed.Length];
        for (var i = 0; i < keyed.Length; i++) sorted[i] = keyed[i].Contact;
        keyed.Clear(); // hold no contact past its batch
        return sorted;
    }

    /// <summary>
    /// A number that orders as the address's first eight characters do, for ASCII ones: their codes, one
    /// byte each, high byte first (zero past the end). At the first other character it puts 0x80, above
    /// every ASCII code, and stops: two addresses that agree up to there tie and are compared as strings.
    /// </summary>
    internal static ulong Prefix(string address)
    {
        ulong key = 0;
        for (var i = 0; i < 8; i++)
        {
            var c = i < address.Length ? address[i] : '\0';
            if (c >= 0x80) return ((key << 8) | 0x80) << (8 * (7 - i));
            key = (key << 8) | c;
        }
        return key;
    }

    private readonly struct PrefixFirst : IComparer<(ulong Prefix, ImportedContact Contact)>
    {
        public int Compare((ulong Prefix, ImportedContact Contact) x, (ulong Prefix, ImportedContact Contact) y) =>
            x.Prefix != y.Prefix ? x.Prefix.CompareTo(y.Prefix) : string.CompareOrdinal(x.Contact.NormalizedEmail, y.Contact.NormalizedEmail);
    }

    private static long ScalarInt64(sqlite3 handle, string sql)
    {
        using var statement = new NativeStatement(handle, sql);
        return statement.RunScalarInt64();
    }

    private static void Run(sqlite3 handle, string sql)
    {
        using var statement = new NativeStatement(handle, sql);
        statement.RunToEnd();
    }

    public async Task WriteRejectsAsync(IReadOnlyList<ImportReject> rejects, CancellationToken ct)
    {
        var connection = await OpenAsync(ct);
        var synchronous = NotWaitingForTheDisk(connection.Handle!);
        try
        {
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            using (var insert = new NativeStatement(connection.Handle!, """
                INSERT INTO "ImportRejects" ("JobId", "RowNumber", "Reason", "Detail", "Row") VALUES (?1, ?2, ?3, ?4, ?5)
                """))
            {
                foreach (var r in rejects)
                {
                    insert.BindInt64(1, r.JobId);
                    insert.BindInt64(2, r.RowNumber);
                    insert.BindText(3, r.Reason);
                    insert.BindText(4, r.Detail);
                    insert.BindText(5, r.Row);
                    insert.Run();
                }
            }
            await tx.CommitAsync(ct);
        }
        finally
        {
            Restore(connection.Handle!, synchronous);
        }
    }

    private bool _tuned;

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync(ct);
        if (!_tuned)
        {
            // A bigger page cache (16 MB) for this connection: a batch in address order still touches
            // index pages all over a large list's NormalizedEmail index. (32 MB was no faster at a
            // million rows and cost 16 MB of working set: docs/performance.md, "Fourth pass".)
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA cache_size = -16384; PRAGMA temp_store = MEMORY;";
            await pragma.ExecuteNonQueryAsync(ct);
            _tuned = true;
        }
        return connection;
    }
}
