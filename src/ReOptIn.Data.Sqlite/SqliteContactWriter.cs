using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Data;
using ReOptIn.Core.Importing;
using SQLitePCL;

namespace ReOptIn.Data.Sqlite;

/// <summary>
/// SQLite's fast path: one transaction per batch, rows inserted in address order straight into
/// <c>Contacts</c> and <c>Memberships</c> through two native statements prepared once per batch.
/// </summary>
/// <remarks>
/// The statements go through SQLitePCL's native calls rather than <see cref="SqliteCommand"/>: per
/// row, a command boxes every value, encodes every string to a new UTF-8 array and builds a data
/// reader, which cost more than SQLite's own insert (docs/performance.md, "Fourth pass"). Values that
/// do not change within a batch (the list, the job, the time) are bound once: SQLite keeps bindings
/// across resets. They still run inside the <see cref="SqliteTransaction"/> on the same connection.
/// </remarks>
public sealed class SqliteContactWriter(ReOptInDb db) : IContactBulkWriter
{
    // A new address inserts; a known one does nothing (the contact keeps its data) and is looked up.
    private const string InsertContact = """
        INSERT INTO "Contacts" ("Email", "NormalizedEmail", "AddressHash", "FirstName", "LastName", "Country", "Language",
                                "CustomAttributesJson", "Flags", "Jurisdiction", "CreatedAt")
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
        ON CONFLICT ("NormalizedEmail") DO NOTHING
        """;

    private const string FindContact = """SELECT "Id" FROM "Contacts" WHERE "NormalizedEmail" = ?1""";

    private const string InsertMembership = """
        INSERT INTO "Memberships" ("ContactId", "Source", "LastMailedAt", "ConsentAt", "ListId", "AddedAt", "ImportJobId")
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
        ON CONFLICT ("ListId", "ContactId") DO NOTHING
        """;

    private static readonly Comparison<ImportedContact> ByAddress = (a, b) => string.CompareOrdinal(a.NormalizedEmail, b.NormalizedEmail);

    public async Task WriteContactsAsync(int listId, long jobId, DateTime now, IReadOnlyList<ImportedContact> batch, CancellationToken ct)
    {
        var connection = await OpenAsync(ct);
        // In address order, the unique index on NormalizedEmail is written page by page, not at random,
        // and new contacts get ascending ids, so the memberships' indexes are appended to.
        var sorted = batch.ToArray();
        Array.Sort(sorted, ByAddress);
        var handle = connection.Handle!;
        // Read the database by read calls into the page cache while writing, not through the memory map
        // (SqlitePragmas): every page of the indexes a large import touches would stay mapped, and count
        // in the process's working set. Restored after the batch, for the connection's next user.
        var mapSize = ScalarInt64(handle, "PRAGMA mmap_size");
        if (mapSize != 0) Run(handle, "PRAGMA mmap_size = 0");
        try
        {
            await WriteBatchAsync(connection, listId, jobId, now, sorted, ct);
        }
        finally
        {
            if (mapSize != 0) Run(handle, string.Create(CultureInfo.InvariantCulture, $"PRAGMA mmap_size = {mapSize}"));
        }
    }

    private static async Task WriteBatchAsync(SqliteConnection connection, int listId, long jobId, DateTime now, ImportedContact[] sorted, CancellationToken ct)
    {
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        var handle = connection.Handle!;
        using (var contact = new NativeStatement(handle, InsertContact))
        using (var find = new NativeStatement(handle, FindContact))
        using (var membership = new NativeStatement(handle, InsertMembership))
        {
            contact.BindText(11, Stored(now));
            membership.BindInt64(5, listId);
            membership.BindText(6, Stored(now));
            membership.BindInt64(7, jobId);
            for (var i = 0; i < sorted.Length; i++)
            {
                if ((i & 1023) == 0) ct.ThrowIfCancellationRequested();
                var c = sorted[i];
                contact.BindText(1, c.Email);
                contact.BindText(2, c.NormalizedEmail);
                contact.BindBlob(3, c.AddressHash);
                contact.BindText(4, c.FirstName);
                contact.BindText(5, c.LastName);
                contact.BindText(6, c.Country);
                contact.BindText(7, c.Language);
                contact.BindText(8, c.CustomAttributesJson);
                contact.BindInt64(9, c.Flags);
                contact.BindText(10, c.Jurisdiction);
                contact.Run();
                long contactId;
                if (raw.sqlite3_changes(handle) == 1)
                    contactId = raw.sqlite3_last_insert_rowid(handle);
                else
                {
                    find.BindText(1, c.NormalizedEmail);
                    contactId = find.RunScalarInt64();
                }
                membership.BindInt64(1, contactId);
                membership.BindText(2, c.Source);
                membership.BindTime(3, c.LastMailedAt);
                membership.BindTime(4, c.ConsentAt);
                membership.Run();
            }
        }
        await tx.CommitAsync(ct);
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

    /// <summary>A time as EF Core and Microsoft.Data.Sqlite store it, so that queries compare it correctly.</summary>
    private const string TimeFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    private static string Stored(DateTime utc) => utc.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public async Task WriteRejectsAsync(IReadOnlyList<ImportReject> rejects, CancellationToken ct)
    {
        var connection = await OpenAsync(ct);
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

    /// <summary>One prepared native statement, run many times with new bindings; finalized on dispose.</summary>
    private sealed class NativeStatement : IDisposable
    {
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _statement;

        public NativeStatement(sqlite3 db, string sql)
        {
            _db = db;
            Check(raw.sqlite3_prepare_v2(db, sql, out _statement));
        }

        // UTF-16 straight from the string: SQLite converts it while building the record, no managed copy.
        // (An empty string is bound as UTF-8: an empty span would reach SQLite as a null pointer, that is NULL.)
        public void BindText(int index, string? value) => Check(value switch
        {
            null => raw.sqlite3_bind_null(_statement, index),
            "" => raw.sqlite3_bind_text(_statement, index, ""),
            _ => raw.sqlite3_bind_text16(_statement, index, value.AsSpan()),
        });

        public void BindTime(int index, DateTime? utc)
        {
            Span<char> text = stackalloc char[32]; // the format is at most 27 characters
            if (utc is null) Check(raw.sqlite3_bind_null(_statement, index));
            else if (utc.Value.TryFormat(text, out var length, TimeFormat, CultureInfo.InvariantCulture)) Check(raw.sqlite3_bind_text16(_statement, index, text[..length]));
            else BindText(index, Stored(utc.Value));
        }

        public void BindBlob(int index, byte[] value) => Check(raw.sqlite3_bind_blob(_statement, index, value));

        public void BindInt64(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

        public void Run()
        {
            try
            {
                var rc = raw.sqlite3_step(_statement);
                if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _db);
            }
            finally
            {
                raw.sqlite3_reset(_statement);
            }
        }

        /// <summary>Steps through any rows (a pragma that sets a value also returns it).</summary>
        public void RunToEnd()
        {
            try
            {
                int rc;
                while ((rc = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW) { }
                if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _db);
            }
            finally
            {
                raw.sqlite3_reset(_statement);
            }
        }

        public long RunScalarInt64()
        {
            var rc = raw.sqlite3_step(_statement);
            try
            {
                if (rc == raw.SQLITE_DONE) throw new InvalidOperationException("The statement returned no row.");
                if (rc != raw.SQLITE_ROW) SqliteException.ThrowExceptionForRC(rc, _db);
                return raw.sqlite3_column_int64(_statement, 0);
            }
            finally
            {
                raw.sqlite3_reset(_statement);
            }
        }

        private void Check(int rc)
        {
            if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
        }

        public void Dispose() => _statement.Dispose();
    }
}
