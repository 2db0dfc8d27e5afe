using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using ReOptIn.Core.Data;
using ReOptIn.Core.Importing;

namespace ReOptIn.Data.PostgreSql;

/// <summary>
/// PostgreSQL's fast path (ADR-0023). Per batch, in one transaction: find which addresses exist
/// already, take ids for the new contacts from the identity sequence, and binary-COPY the new
/// contacts and their memberships straight into their tables; memberships of existing contacts go
/// in with one set-based insert that keeps existing ones. If another writer raced (the COPY hits a
/// unique or foreign key violation, or a deadlock), the batch is rolled back and written again
/// through a staging table with statements that skip whatever exists.
/// </summary>
/// <remarks>
/// The lookup of existing addresses costs an index search per row. After a batch in which none
/// existed (a new list into a database that does not know these people, the usual large import),
/// the next batches skip it and copy every contact as new; the first unique violation (an address
/// that did exist) puts the lookup back. One writer serves one import job.
/// </remarks>
public sealed class PostgreSqlContactWriter(ReOptInDb db) : IContactBulkWriter
{
    private bool lookUpExisting = true;
    private string? nextIdSql;

    public async Task WriteContactsAsync(int listId, long jobId, DateTime now, IReadOnlyList<ImportedContact> batch, CancellationToken ct)
    {
        var connection = await OpenAsync(ct);
        try
        {
            await WriteDirectAsync(connection, listId, jobId, now, batch, ct);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ForeignKeyViolation or PostgresErrorCodes.DeadlockDetected)
        {
            // An address of the batch was a contact after all (not looked up, or added by another
            // writer since the lookup), or an erasure removed one: the transaction is rolled back;
            // write the batch the careful way.
            lookUpExisting = true;
            await WriteStagedAsync(connection, listId, jobId, now, batch, ct);
        }
    }

    private async Task WriteDirectAsync(NpgsqlConnection connection, int listId, long jobId, DateTime now, IReadOnlyList<ImportedContact> batch, CancellationToken ct)
    {
        await using var tx = await BeginAsync(connection, ct);
        var existing = lookUpExisting ? await ExistingContactsAsync(connection, tx, batch, ct) : NoneExisting;
        lookUpExisting = existing.Count > 0;
        var ids = await NewIdsAsync(connection, tx, batch.Count - existing.Count, ct);

        var newContacts = new List<(ImportedContact Contact, long Id)>(ids.Count);
        var existingContacts = new List<(ImportedContact Contact, long Id)>(existing.Count);
        foreach (var c in batch)
        {
            if (existing.TryGetValue(c.NormalizedEmail, out var id)) existingContacts.Add((c, id));
            else newContacts.Add((c, ids[newContacts.Count]));
        }

        if (newContacts.Count > 0)
        {
            await using (var copy = await connection.BeginBinaryImportAsync(
                """COPY "Contacts" ("Id", "Email", "NormalizedEmail", "AddressHash", "FirstName", "LastName", "Country", "Language", "CustomAttributesJson", "Flags", "Jurisdiction", "CreatedAt") FROM STDIN (FORMAT BINARY)""", ct))
            {
                foreach (var (c, id) in newContacts)
                {
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(id, NpgsqlDbType.Bigint, ct);
                    await WriteContactFieldsAsync(copy, c, ct);
                    await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
                }
                await copy.CompleteAsync(ct);
            }
            // New contacts cannot have memberships yet: their ids were only just taken.
            await using (var copy = await connection.BeginBinaryImportAsync(
                """COPY "Memberships" ("ListId", "ContactId", "AddedAt", "Source", "LastMailedAt", "ConsentAt", "ImportJobId") FROM STDIN (FORMAT BINARY)""", ct))
            {
                foreach (var (c, id) in newContacts)
                {
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(listId, NpgsqlDbType.Integer, ct);
                    await copy.WriteAsync(id, NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
                    await WriteNullableAsync(copy, c.Source, ct);
                    await WriteNullableAsync(copy, c.LastMailedAt, ct);
                    await WriteNullableAsync(copy, c.ConsentAt, ct);
                    await copy.WriteAsync(jobId, NpgsqlDbType.Bigint, ct);
                }
                await copy.CompleteAsync(ct);
            }
        }
        if (existingContacts.Count > 0)
        {
            // An existing contact keeps its data, and an existing membership (a re-run) is kept.
            await ExecuteAsync(connection, tx, """
                INSERT INTO "Memberships" ("ListId", "ContactId", "AddedAt", "Source", "LastMailedAt", "ConsentAt", "ImportJobId")
                SELECT @list, m.id, @now, m.source, m.last_mailed, m.consent, @job
                FROM unnest(@ids, @sources, @last_mailed, @consents) AS m(id, source, last_mailed, consent)
                ON CONFLICT ("ListId", "ContactId") DO NOTHING
                """, ct,
                new NpgsqlParameter("list", listId), new NpgsqlParameter("now", now), new NpgsqlParameter("job", jobId),
                new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = existingContacts.ConvertAll(e => e.Id).ToArray() },
                new NpgsqlParameter("sources", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = existingContacts.ConvertAll(e => WithoutNul(e.Contact.Source)).ToArray() },
                new NpgsqlParameter("last_mailed", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = existingContacts.ConvertAll(e => e.Contact.LastMailedAt).ToArray() },
                new NpgsqlParameter("consents", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = existingContacts.ConvertAll(e => e.Contact.ConsentAt).ToArray() });
        }
        await tx.CommitAsync(ct);
    }

    /// <summary>The contact's own columns, in the order both COPY statements list them (email … jurisdiction).</summary>
    private static async Task WriteContactFieldsAsync(NpgsqlBinaryImporter copy, ImportedContact c, CancellationToken ct)
    {
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
    }

    private static readonly Dictionary<string, long> NoneExisting = [];

    /// <summary>The ids of the batch's addresses that are contacts already, by normalised address.</summary>
    private static async Task<Dictionary<string, long>> ExistingContactsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<ImportedContact> batch, CancellationToken ct)
    {
        var addresses = new string[batch.Count];
        for (var i = 0; i < addresses.Length; i++) addresses[i] = batch[i].NormalizedEmail;
        await using var command = new NpgsqlCommand("""SELECT "NormalizedEmail", "Id" FROM "Contacts" WHERE "NormalizedEmail" = ANY(@addresses)""", connection, tx);
        command.Parameters.Add(new NpgsqlParameter("addresses", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = addresses });
        var found = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) found[reader.GetString(0)] = reader.GetInt64(1);
        return found;
    }

    /// <summary>
    /// <paramref name="count"/> ids from the contacts' identity sequence, each taken by
    /// <c>nextval</c>: no other session can be given them, so nobody else can insert them.
    /// </summary>
    private async Task<List<long>> NewIdsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, int count, CancellationToken ct)
    {
        var ids = new List<long>(count);
        if (count == 0) return ids;
        if (nextIdSql is null)
        {
            // The sequence's name as a constant in the statement: resolved once, not per row.
            await using var name = new NpgsqlCommand("""SELECT pg_get_serial_sequence('"Contacts"', 'Id')""", connection, tx);
            var sequence = (string)(await name.ExecuteScalarAsync(ct))!;
            nextIdSql = $"SELECT nextval('{sequence.Replace("'", "''", StringComparison.Ordinal)}'::regclass) FROM generate_series(1, @count)";
        }
        await using var command = new NpgsqlCommand(nextIdSql, connection, tx);
        command.Parameters.Add(new NpgsqlParameter("count", count));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetInt64(0));
        return ids;
    }

    /// <summary>
    /// The careful way, for a batch that raced another writer: binary COPY into a temporary table,
    /// then two set-based inserts that skip existing contacts and memberships.
    /// </summary>
    private static async Task WriteStagedAsync(NpgsqlConnection connection, int listId, long jobId, DateTime now, IReadOnlyList<ImportedContact> batch, CancellationToken ct)
    {
        await using var tx = await BeginAsync(connection, ct);
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
                await WriteContactFieldsAsync(copy, c, ct);
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
        // In a transaction of its own like the contacts': committed on its own, the COPY waited
        // at every batch for the WAL flush of everything before it.
        await using var tx = await BeginAsync(connection, ct);
        await using (var copy = await connection.BeginBinaryImportAsync(
            """COPY "ImportRejects" ("JobId", "RowNumber", "Reason", "Detail", "Row") FROM STDIN (FORMAT BINARY)""", ct))
        {
            foreach (var r in rejects)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(r.JobId, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(r.RowNumber, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(r.Reason, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(copy, r.Detail, ct);
                await copy.WriteAsync(WithoutNul(r.Row), NpgsqlDbType.Text, ct);
            }
            await copy.CompleteAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// One transaction per batch (contacts, then rejects) that does not wait for the WAL flush at
    /// commit: a crash can lose the last batches, and the import job then runs again from the start
    /// (it deletes its rejects first, and its other writes are idempotent). The job's completion is
    /// committed the ordinary way, which flushes everything before it.
    /// </summary>
    private static async Task<NpgsqlTransaction> BeginAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var tx = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, tx, "SET LOCAL synchronous_commit = off", ct);
        return tx;
    }

    // PostgreSQL text cannot hold NUL characters.
    private static string? WithoutNul(string? value) => value?.Replace("\0", "", StringComparison.Ordinal);

    private static Task WriteNullableAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(WithoutNul(value), NpgsqlDbType.Text, ct);

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
