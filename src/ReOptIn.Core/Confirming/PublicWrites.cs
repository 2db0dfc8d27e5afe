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
/// compares the rows with rows EF wrote. They run through <see cref="PlainCommands"/>.
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

    private static Task<int> ExecuteAsync(ReOptInDb db, string sql, CancellationToken ct, params (string Name, object? Value)[] values) =>
        PlainCommands.ExecuteAsync(db, sql, ct, values);
}
