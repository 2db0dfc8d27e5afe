using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Data;
using ReOptIn.Core.Importing;

namespace ReOptIn.Data.Sqlite;

/// <summary>SQLite's fast path: prepared statements, one transaction per batch.</summary>
public sealed class SqliteContactWriter(ReOptInDb db) : IContactBulkWriter
{
    public async Task WriteContactsAsync(int listId, long jobId, DateTime now, IReadOnlyList<ImportedContact> batch, CancellationToken ct)
    {
        var connection = await OpenAsync(ct);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);

        await using var insertContact = connection.CreateCommand();
        insertContact.Transaction = tx;
        insertContact.CommandText = """
            INSERT INTO "Contacts" ("Email", "NormalizedEmail", "AddressHash", "FirstName", "LastName", "Country", "Language",
                                    "CustomAttributesJson", "Flags", "Jurisdiction", "CreatedAt")
            VALUES ($email, $normalized, $hash, $first, $last, $country, $language, $custom, $flags, $jurisdiction, $now)
            ON CONFLICT ("NormalizedEmail") DO NOTHING
            RETURNING "Id"
            """;
        var email = insertContact.Parameters.Add("$email", SqliteType.Text);
        var normalized = insertContact.Parameters.Add("$normalized", SqliteType.Text);
        var hash = insertContact.Parameters.Add("$hash", SqliteType.Blob);
        var first = insertContact.Parameters.Add("$first", SqliteType.Text);
        var last = insertContact.Parameters.Add("$last", SqliteType.Text);
        var country = insertContact.Parameters.Add("$country", SqliteType.Text);
        var language = insertContact.Parameters.Add("$language", SqliteType.Text);
        var custom = insertContact.Parameters.Add("$custom", SqliteType.Text);
        var flags = insertContact.Parameters.Add("$flags", SqliteType.Integer);
        var jurisdiction = insertContact.Parameters.Add("$jurisdiction", SqliteType.Text);
        insertContact.Parameters.AddWithValue("$now", now);

        await using var findContact = connection.CreateCommand();
        findContact.Transaction = tx;
        findContact.CommandText = """SELECT "Id" FROM "Contacts" WHERE "NormalizedEmail" = $normalized""";
        var findNormalized = findContact.Parameters.Add("$normalized", SqliteType.Text);

        await using var insertMembership = connection.CreateCommand();
        insertMembership.Transaction = tx;
        insertMembership.CommandText = """
            INSERT INTO "Memberships" ("ListId", "ContactId", "AddedAt", "Source", "LastMailedAt", "ConsentAt", "ImportJobId")
            VALUES ($list, $contact, $now, $source, $lastMailed, $consent, $job)
            ON CONFLICT ("ListId", "ContactId") DO NOTHING
            """;
        insertMembership.Parameters.AddWithValue("$list", listId);
        var contact = insertMembership.Parameters.Add("$contact", SqliteType.Integer);
        insertMembership.Parameters.AddWithValue("$now", now);
        var source = insertMembership.Parameters.Add("$source", SqliteType.Text);
        var lastMailed = insertMembership.Parameters.Add("$lastMailed", SqliteType.Text);
        var consent = insertMembership.Parameters.Add("$consent", SqliteType.Text);
        insertMembership.Parameters.AddWithValue("$job", jobId);

        // Microsoft.Data.Sqlite's async calls run synchronously anyway; the sync ones skip a Task per row.
        insertContact.Prepare();
        findContact.Prepare();
        insertMembership.Prepare();
        // In address order, the unique index on NormalizedEmail is written page by page, not at random.
        foreach (var c in batch.OrderBy(c => c.NormalizedEmail, StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            email.Value = c.Email;
            normalized.Value = c.NormalizedEmail;
            hash.Value = c.AddressHash;
            first.Value = (object?)c.FirstName ?? DBNull.Value;
            last.Value = (object?)c.LastName ?? DBNull.Value;
            country.Value = (object?)c.Country ?? DBNull.Value;
            language.Value = (object?)c.Language ?? DBNull.Value;
            custom.Value = (object?)c.CustomAttributesJson ?? DBNull.Value;
            flags.Value = c.Flags;
            jurisdiction.Value = (object?)c.Jurisdiction ?? DBNull.Value;
            var id = insertContact.ExecuteScalar();
            if (id is null)
            {
                findNormalized.Value = c.NormalizedEmail;
                id = findContact.ExecuteScalar();
            }
            contact.Value = id;
            source.Value = (object?)c.Source ?? DBNull.Value;
            lastMailed.Value = c.LastMailedAt is { } lm ? lm : DBNull.Value;
            consent.Value = c.ConsentAt is { } ca ? ca : DBNull.Value;
            insertMembership.ExecuteNonQuery();
        }
        await tx.CommitAsync(ct);
    }

    public async Task WriteRejectsAsync(IReadOnlyList<ImportReject> rejects, CancellationToken ct)
    {
        var connection = await OpenAsync(ct);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = """
            INSERT INTO "ImportRejects" ("JobId", "RowNumber", "Reason", "Detail", "Row") VALUES ($job, $row, $reason, $detail, $text)
            """;
        var job = insert.Parameters.Add("$job", SqliteType.Integer);
        var row = insert.Parameters.Add("$row", SqliteType.Integer);
        var reason = insert.Parameters.Add("$reason", SqliteType.Text);
        var detail = insert.Parameters.Add("$detail", SqliteType.Text);
        var text = insert.Parameters.Add("$text", SqliteType.Text);
        foreach (var r in rejects)
        {
            job.Value = r.JobId;
            row.Value = r.RowNumber;
            reason.Value = r.Reason;
            detail.Value = (object?)r.Detail ?? DBNull.Value;
            text.Value = r.Row;
            insert.ExecuteNonQuery();
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
            // A bigger page cache for this connection: the unique indexes on random keyed hashes
            // otherwise miss the default 2 MB cache on almost every insert of a large list.
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;";
            await pragma.ExecuteNonQueryAsync(ct);
            _tuned = true;
        }
        return connection;
    }
}
