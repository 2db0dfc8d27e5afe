using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using ReOptIn.Core.Data;
using ReOptIn.Core.Importing;

namespace ReOptIn.Data.PostgreSql;

/// <summary>
/// PostgreSQL's fast path: binary COPY of the batch into a temporary table, then two set-based
/// inserts that skip existing contacts and memberships, all in one transaction.
/// </summary>
public sealed class PostgreSqlContactWriter(ReOptInDb db) : IContactBulkWriter
{
    public async Task WriteContactsAsync(int listId, long jobId, DateTime now, IReadOnlyList<ImportedContact> batch, CancellationToken ct)
    {
        var connection = await OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // No wait for the WAL flush at commit: a crash can lose the last batches, and the import
        // job then runs again from the start (its writes are idempotent).
        await ExecuteAsync(connection, tx, "SET LOCAL synchronous_commit = off", ct);
        await ExecuteAsync(connection, tx, """
            CREATE TEMP TABLE import_stage (
                email text, normalized text COLLATE "C", hash bytea, first_name text, last_name text, country text, language text,
                custom text, flags integer, jurisdiction text, source text, last_mailed timestamptz, consent timestamptz
            ) ON COMMIT DROP
            """, ct);

        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY import_stage (email, normalized, hash, first_name, last_name, country, language, custom, flags, jurisdiction, source, last_mailed, consent) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var c in batch)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(c.Email, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(c.NormalizedEmail, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(c.AddressHash, NpgsqlDbType.Bytea, ct);
                await WriteNullableAsync(copy, c.FirstName, ct);
                await WriteNullableAsync(copy, c.LastName, ct);
                await WriteNullableAsync(copy, c.Country, ct);
                await WriteNullableAsync(copy, c.Language, ct);
                await WriteNullableAsync(copy, c.CustomAttributesJson, ct);
                await copy.WriteAsync(c.Flags, NpgsqlDbType.Integer, ct);
                await WriteNullableAsync(copy, c.Jurisdiction, ct);
                await WriteNullableAsync(copy, c.Source, ct);
                await WriteNullableAsync(copy, c.LastMailedAt, ct);
                await WriteNullableAsync(copy, c.ConsentAt, ct);
            }
            await copy.CompleteAsync(ct);
        }

        await ExecuteAsync(connection, tx, """
            INSERT INTO "Contacts" ("Email", "NormalizedEmail", "AddressHash", "FirstName", "LastName", "Country", "Language",
                                    "CustomAttributesJson", "Flags", "Jurisdiction", "CreatedAt")
            SELECT email, normalized, hash, first_name, last_name, country, language, custom, flags, jurisdiction, @now
            FROM import_stage
            ON CONFLICT ("NormalizedEmail") DO NOTHING
            """, ct, new NpgsqlParameter("now", now));
        // One index lookup per staged row (LIMIT 1 keeps the planner from flattening the lateral
        // subquery): a plain join made it hash the whole Contacts table for every batch, so each
        // batch of a large import cost more than the one before.
        await ExecuteAsync(connection, tx, """
            INSERT INTO "Memberships" ("ListId", "ContactId", "AddedAt", "Source", "LastMailedAt", "ConsentAt", "ImportJobId")
            SELECT @list, c."Id", @now, s.source, s.last_mailed, s.consent, @job
            FROM import_stage s
            CROSS JOIN LATERAL (SELECT "Id" FROM "Contacts" WHERE "NormalizedEmail" = s.normalized LIMIT 1) c
            ON CONFLICT ("ListId", "ContactId") DO NOTHING
            """, ct, new NpgsqlParameter("list", listId), new NpgsqlParameter("now", now), new NpgsqlParameter("job", jobId));
        await tx.CommitAsync(ct);
    }

    public async Task WriteRejectsAsync(IReadOnlyList<ImportReject> rejects, CancellationToken ct)
    {
        var connection = await OpenAsync(ct);
        await using var copy = await connection.BeginBinaryImportAsync(
            """COPY "ImportRejects" ("JobId", "RowNumber", "Reason", "Detail", "Row") FROM STDIN (FORMAT BINARY)""", ct);
        foreach (var r in rejects)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(r.JobId, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(r.RowNumber, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(r.Reason, NpgsqlDbType.Text, ct);
            await WriteNullableAsync(copy, r.Detail, ct);
            // PostgreSQL text cannot hold NUL characters.
            await copy.WriteAsync(r.Row.Replace("\0", "", StringComparison.Ordinal), NpgsqlDbType.Text, ct);
        }
        await copy.CompleteAsync(ct);
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value.Replace("\0", "", StringComparison.Ordinal), NpgsqlDbType.Text, ct);

    private static Task WriteNullableAsync(NpgsqlBinaryImporter copy, DateTime? value, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value.Value, NpgsqlDbType.TimestampTz, ct);

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken ct, params NpgsqlParameter[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync(ct);
        return connection;
    }
}
