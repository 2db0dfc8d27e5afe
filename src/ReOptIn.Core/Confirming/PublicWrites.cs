using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Data;
using ReOptIn.Core.HandOff;

namespace ReOptIn.Core.Confirming;

/// <summary>
/// The public pages' writes inside a group-commit unit (ADR-0010) as plain ADO.NET statements on
/// the unit's own connection and transaction (ADR-0020, second addendum): the visit, the
/// conditional state move, and a confirmation's receipt with its hand-off event. EF's
/// <c>SaveChanges</c> and raw-SQL path cost more than the statements (14 % and 12 % of a
/// confirmation's CPU). The columns and values are those EF writes for the same entities: times
/// as UTC <see cref="DateTime"/> parameters (SQLite's text format, PostgreSQL's
/// <c>timestamp with time zone</c>, SQL Server's <c>datetime2</c>), states by name (ADR-0003),
/// the receipt's SHA-256 and form JSON as the entity computed them; <c>PublicWritesTests</c>
/// compares the rows with rows EF wrote. On SQLite the statements are prepared once per
/// connection (the group commit's batch) and reused by its units.
/// </summary>
internal static class PublicWrites
{
    private const string VisitSql = """
        INSERT INTO "RequestVisits" ("RequestId", "At", "Method", "IpAddress", "UserAgent", "AutomatedReason")
        VALUES (@request, @at, @method, @ip, @agent, @reason)
        """;

    // Every column EF inserts for a new receipt (ErasedAt is null until an erasure) and for its event.
    private const string ReceiptSql = """
        INSERT INTO "ConsentReceipts" ("RequestId", "CampaignId", "Email", "ConsentStatement", "ConsentStatementSha256",
            "ConsentVersion", "FormJson", "Language", "SubmittedAt", "IpAddress", "UserAgent", "SentAt", "MessageId",
            "ApprovedContentHash", "FirstVisitAt", "VisitCount", "AutomatedVisitCount", "ErasedAt")
        VALUES (@request, @campaign, @email, @statement, @sha256, @version, @form, @language, @at, @ip, @agent, @sent,
            @message, @content, @firstVisit, @visits, @automated, NULL);
        INSERT INTO "HandOffEvents" ("RequestId", "CampaignId", "CreatedAt", "FannedOutAt", "CompletedAt")
        VALUES (@request, @campaign, @event, NULL, NULL);
        """;

    private const string ConfirmSql = """
        UPDATE "Requests" SET "State" = @state, "StateChangedAt" = @at, "ConfirmedAt" = @at
        WHERE "Id" = @request AND "State" = @was
        """;

    private const string VisitedSql = """
        UPDATE "Requests" SET "State" = @state, "StateChangedAt" = @at, "VisitedAt" = COALESCE("VisitedAt", @at)
        WHERE "Id" = @request AND "State" = @was
        """;

    private const string MoveSql = """
        UPDATE "Requests" SET "State" = @state, "StateChangedAt" = @at
        WHERE "Id" = @request AND "State" = @was
        """;

    /// <summary>
    /// SQLite: the statements prepared in one transaction (one group-commit batch), kept as long as it
    /// lives; its connection stays open meanwhile, and closing it finalises them.
    /// </summary>
    private static readonly ConditionalWeakTable<DbTransaction, Dictionary<string, DbCommand>> Prepared = new();

    public static Task InsertVisitAsync(ReOptInDb db, RequestVisit visit, CancellationToken ct) =>
        ExecuteAsync(db, VisitSql, ct,
            ("@request", visit.RequestId), ("@at", visit.At), ("@method", visit.Method), ("@ip", visit.IpAddress),
            ("@agent", visit.UserAgent), ("@reason", visit.AutomatedReason));

    /// <summary>The conditional move; true when this statement moved the request (it was still in <paramref name="from"/>).</summary>
    public static async Task<bool> MoveAsync(ReOptInDb db, long requestId, RequestState from, RequestState to, DateTime at, CancellationToken ct)
    {
        var sql = to switch { RequestState.Confirmed => ConfirmSql, RequestState.Visited => VisitedSql, _ => MoveSql };
        return await ExecuteAsync(db, sql, ct, ("@state", to.ToString()), ("@at", at), ("@request", requestId), ("@was", from.ToString())) == 1;
    }

    /// <summary>The consent receipt and its hand-off event (the outbox row), in the unit's transaction.</summary>
    public static Task InsertReceiptAsync(ReOptInDb db, ConsentReceipt r, HandOffEvent e, CancellationToken ct)
    {
        if (r.RequestId != e.RequestId || r.CampaignId != e.CampaignId) throw new ArgumentException("The event is not the receipt's.", nameof(e));
        return ExecuteAsync(db, ReceiptSql, ct,
            ("@request", r.RequestId), ("@campaign", r.CampaignId), ("@email", r.Email), ("@statement", r.ConsentStatement),
            ("@sha256", r.ConsentStatementSha256), ("@version", r.ConsentVersion), ("@form", r.FormJson), ("@language", r.Language),
            ("@at", r.SubmittedAt), ("@ip", r.IpAddress), ("@agent", r.UserAgent), ("@sent", r.SentAt), ("@message", r.MessageId),
            ("@content", r.ApprovedContentHash), ("@firstVisit", r.FirstVisitAt), ("@visits", r.VisitCount),
            ("@automated", r.AutomatedVisitCount), ("@event", e.CreatedAt));
    }

    private static async Task<int> ExecuteAsync(ReOptInDb db, string sql, CancellationToken ct, params (string Name, object? Value)[] values)
    {
        var database = db.Database;
        var transaction = database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Public writes run inside a unit of work's transaction (GroupCommit).");
        var sqlite = database.IsSqlite();
        var command = sqlite ? PreparedCommand(transaction, sql, values) : NewCommand(transaction.Connection!, sql, values, sqlServer: database.IsSqlServer());
        try
        {
            command.Transaction = transaction;
            for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = Stored(values[i].Value);
            return await command.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            if (!sqlite) await command.DisposeAsync();
        }
    }

    private static DbCommand PreparedCommand(DbTransaction transaction, string sql, (string Name, object? Value)[] values)
    {
        var commands = Prepared.GetOrCreateValue(transaction);
        lock (commands)
        {
            if (commands.TryGetValue(sql, out var command)) return command;
            command = NewCommand(transaction.Connection!, sql, values, sqlServer: false);
            command.Prepare();
            commands[sql] = command;
            return command;
        }
    }

    private static DbCommand NewCommand(DbConnection connection, string sql, (string Name, object? Value)[] values, bool sqlServer)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in values)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            // EF's SQL Server mapping of DateTime is datetime2 (ADO.NET's default, datetime, would round to 3 ms).
            // PostgreSQL and SQLite infer it from the UTC value: timestamp with time zone, and SQLite's text format.
            if (sqlServer && value is DateTime) parameter.DbType = DbType.DateTime2;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    /// <summary>A null as DBNull; a time must be UTC (ADR-0003, as UtcDateTimeConverter refuses a local one).</summary>
    private static object Stored(object? value) => value switch
    {
        null => DBNull.Value,
        DateTime { Kind: DateTimeKind.Local } => throw new ArgumentException("Times are stored as UTC; convert local times first."),
        DateTime { Kind: DateTimeKind.Unspecified } t => DateTime.SpecifyKind(t, DateTimeKind.Utc),
        _ => value,
    };
}
