using System.Data;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Data;
using ReOptIn.Core.Importing;

namespace ReOptIn.Data.SqlServer;

/// <summary>
/// SQL Server's fast path: SqlBulkCopy of the batch into a temporary table, then two set-based
/// inserts that skip existing contacts and memberships. Compiled and reviewed, never run here: no
/// SQL Server is available on the development and CI machines (see the README).
/// </summary>
public sealed class SqlServerContactWriter(ReOptInDb db) : IContactBulkWriter
{
    public async Task WriteContactsAsync(int listId, long jobId, DateTime now, IReadOnlyList<ImportedContact> batch, CancellationToken ct)
    {
        var connection = await OpenAsync(ct);
        await using var tx = (SqlTransaction)await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, tx, """
            CREATE TABLE #import_stage (
                email nvarchar(320), normalized nvarchar(320), hash binary(32), first_name nvarchar(200), last_name nvarchar(200),
                country nvarchar(100), language nvarchar(35), custom nvarchar(max), flags int, jurisdiction nvarchar(2),
                source nvarchar(1000), last_mailed datetime2, consent datetime2)
            """, ct);

        using var table = new DataTable();
        foreach (var (name, type) in new (string, Type)[]
        {
            ("email", typeof(string)), ("normalized", typeof(string)), ("hash", typeof(byte[])), ("first_name", typeof(string)),
            ("last_name", typeof(string)), ("country", typeof(string)), ("language", typeof(string)), ("custom", typeof(string)),
            ("flags", typeof(int)), ("jurisdiction", typeof(string)), ("source", typeof(string)), ("last_mailed", typeof(DateTime)),
            ("consent", typeof(DateTime)),
        })
            table.Columns.Add(name, type);
        foreach (var c in batch)
            table.Rows.Add(c.Email, c.NormalizedEmail, c.AddressHash, c.FirstName, c.LastName, c.Country, c.Language,
                c.CustomAttributesJson, c.Flags, c.Jurisdiction, c.Source, (object?)c.LastMailedAt ?? DBNull.Value, (object?)c.ConsentAt ?? DBNull.Value);

        using (var bulk = new SqlBulkCopy(connection, SqlBulkCopyOptions.Default, tx) { DestinationTableName = "#import_stage", BatchSize = 0 })
            await bulk.WriteToServerAsync(table, ct);

        await ExecuteAsync(connection, tx, """
            INSERT INTO [Contacts] ([Email], [NormalizedEmail], [AddressHash], [FirstName], [LastName], [Country], [Language],
                                    [CustomAttributesJson], [Flags], [Jurisdiction], [CreatedAt])
            SELECT s.email, s.normalized, s.hash, s.first_name, s.last_name, s.country, s.language, s.custom, s.flags, s.jurisdiction, @now
            FROM #import_stage s
            WHERE NOT EXISTS (SELECT 1 FROM [Contacts] c WITH (UPDLOCK, HOLDLOCK) WHERE c.[NormalizedEmail] = s.normalized);

            INSERT INTO [Memberships] ([ListId], [ContactId], [AddedAt], [Source], [LastMailedAt], [ConsentAt], [ImportJobId])
            SELECT @list, c.[Id], @now, s.source, s.last_mailed, s.consent, @job
            FROM #import_stage s JOIN [Contacts] c ON c.[NormalizedEmail] = s.normalized
            WHERE NOT EXISTS (SELECT 1 FROM [Memberships] m WHERE m.[ListId] = @list AND m.[ContactId] = c.[Id]);

            DROP TABLE #import_stage;
            """, ct, new SqlParameter("@now", now), new SqlParameter("@list", listId), new SqlParameter("@job", jobId));
        await tx.CommitAsync(ct);
    }

    public async Task WriteRejectsAsync(IReadOnlyList<ImportReject> rejects, CancellationToken ct)
    {
        var connection = await OpenAsync(ct);
        using var table = new DataTable();
        table.Columns.Add("JobId", typeof(long));
        table.Columns.Add("RowNumber", typeof(long));
        table.Columns.Add("Reason", typeof(string));
        table.Columns.Add("Detail", typeof(string));
        table.Columns.Add("Row", typeof(string));
        foreach (var r in rejects) table.Rows.Add(r.JobId, r.RowNumber, r.Reason, r.Detail, r.Row);
        using var bulk = new SqlBulkCopy(connection) { DestinationTableName = "[ImportRejects]" };
        foreach (DataColumn column in table.Columns) bulk.ColumnMappings.Add(column.ColumnName, column.ColumnName);
        await bulk.WriteToServerAsync(table, ct);
    }

    private static async Task ExecuteAsync(SqlConnection connection, SqlTransaction tx, string sql, CancellationToken ct, params SqlParameter[] parameters)
    {
        await using var command = new SqlCommand(sql, connection, tx);
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<SqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = (SqlConnection)db.Database.GetDbConnection();
        if (connection.State != ConnectionState.Open) await db.Database.OpenConnectionAsync(ct);
        return connection;
    }
}
