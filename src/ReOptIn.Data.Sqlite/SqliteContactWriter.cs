using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Data;
using ReOptIn.Core.Importing;

namespace ReOptIn.Data.Sqlite;

/// <summary>SQLite's fast path: prepared statements, one transaction per batch.</summary>
public sealed class SqliteContactWriter(ReOptInDb db) : IContactBulkWriter
{
    private static readonly string[] StageColumns =
        ["$email", "$normalized", "$hash", "$first", "$last", "$country", "$language", "$custom", "$flags", "$jurisdiction", "$source", "$lastMailed", "$consent"];

    public async Task WriteContactsAsync(int listId, long jobId, DateTime now, IReadOnlyList<ImportedContact> batch, CancellationToken ct)
    {
        var connection = await OpenAsync(ct);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        Execute(connection, tx, """
            CREATE TEMP TABLE IF NOT EXISTS import_stage (
                email TEXT, normalized TEXT, hash BLOB, first_name TEXT, last_name TEXT, country TEXT, language TEXT,
                custom TEXT, flags INTEGER, jurisdiction TEXT, source TEXT, last_mailed TEXT, consent TEXT);
            DELETE FROM import_stage;
            """);

        // Rows go first into an unindexed temporary table (cheap), then into the real tables with
        // two set-based statements that skip existing contacts and memberships.
        await using (var stage = connection.CreateCommand())
        {
            stage.Transaction = tx;
            stage.CommandText = """
                INSERT INTO import_stage VALUES ($email, $normalized, $hash, $first, $last, $country, $language, $custom, $flags, $jurisdiction, $source, $lastMailed, $consent)
                """;
            var p = StageColumns.Select(name => stage.Parameters.Add(name, SqliteType.Text)).ToArray();
            p[2].SqliteType = SqliteType.Blob;
            p[8].SqliteType = SqliteType.Integer;
            stage.Prepare();
            foreach (var c in batch)
            {
                p[0].Value = c.Email;
                p[1].Value = c.NormalizedEmail;
                p[2].Value = c.AddressHash;
                p[3].Value = (object?)c.FirstName ?? DBNull.Value;
                p[4].Value = (object?)c.LastName ?? DBNull.Value;
                p[5].Value = (object?)c.Country ?? DBNull.Value;
                p[6].Value = (object?)c.Language ?? DBNull.Value;
                p[7].Value = (object?)c.CustomAttributesJson ?? DBNull.Value;
                p[8].Value = c.Flags;
                p[9].Value = (object?)c.Jurisdiction ?? DBNull.Value;
                p[10].Value = (object?)c.Source ?? DBNull.Value;
                p[11].Value = c.LastMailedAt is { } lm ? lm : DBNull.Value;
                p[12].Value = c.ConsentAt is { } ca ? ca : DBNull.Value;
                stage.ExecuteNonQuery();
            }
        }
        ct.ThrowIfCancellationRequested();

        // In address order, the unique index on NormalizedEmail is written page by page, not at random.
        Execute(connection, tx, """
            INSERT INTO "Contacts" ("Email", "NormalizedEmail", "AddressHash", "FirstName", "LastName", "Country", "Language",
                                    "CustomAttributesJson", "Flags", "Jurisdiction", "CreatedAt")
            SELECT email, normalized, hash, first_name, last_name, country, language, custom, flags, jurisdiction, $now
            FROM import_stage WHERE 1 ORDER BY normalized
            ON CONFLICT ("NormalizedEmail") DO NOTHING;

            INSERT INTO "Memberships" ("ListId", "ContactId", "AddedAt", "Source", "LastMailedAt", "ConsentAt", "ImportJobId")
            SELECT $list, c."Id", $now, s.source, s.last_mailed, s.consent, $job
            FROM import_stage s JOIN "Contacts" c ON c."NormalizedEmail" = s.normalized WHERE 1
            ON CONFLICT ("ListId", "ContactId") DO NOTHING;
            """, ("$now", now), ("$list", listId), ("$job", jobId));
        await tx.CommitAsync(ct);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction tx, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        command.ExecuteNonQuery();
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
            // A bigger page cache (32 MB) for this connection: the unique indexes on random keyed hashes
            // otherwise miss the default 2 MB cache on almost every insert of a large list.
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY;";
            await pragma.ExecuteNonQueryAsync(ct);
            _tuned = true;
        }
        return connection;
    }
}
