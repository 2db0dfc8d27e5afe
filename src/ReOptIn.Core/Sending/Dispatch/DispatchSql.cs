using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Data;

namespace ReOptIn.Core.Sending.Dispatch;

/// <summary>
/// The few statements EF Core cannot express: set-based launch inserts and the batch claim with
/// row locks that other instances skip. Identifiers are ANSI-quoted, which all three providers accept.
/// </summary>
internal static partial class DispatchSql
{
    /// <summary>The eligible contacts of the lists, as request rows (with the first of their lists); {0} campaign id, {1} now.</summary>
    public static string InsertRequests(ReOptInDb db, IReadOnlyList<int> listIds)
    {
        var lists = string.Join(",", listIds.Select(i => i.ToString(CultureInfo.InvariantCulture)));
        var domain = db.Database.IsNpgsql() ? "split_part(c.\"Email\", '@', 2)"
            : db.Database.IsSqlServer() ? "SUBSTRING(c.\"Email\", CHARINDEX('@', c.\"Email\") + 1, 255)"
            : "substr(c.\"Email\", instr(c.\"Email\", '@') + 1)";
        return $"""
            INSERT INTO "Requests" ("CampaignId", "ContactId", "AddressHash", "RecipientDomain", "SourceListId", "State", "CreatedAt", "StateChangedAt", "Attempts")
            SELECT {"{0}"}, c."Id", c."AddressHash", {domain},
              (SELECT MIN(m1."ListId") FROM "Memberships" m1 WHERE m1."ContactId" = c."Id" AND m1."ListId" IN ({lists})),
              'Queued', {"{1}"}, {"{1}"}, 0
            FROM "Contacts" c
            WHERE EXISTS (SELECT 1 FROM "Memberships" m WHERE m."ContactId" = c."Id" AND m."ListId" IN ({lists}))
              AND NOT EXISTS (SELECT 1 FROM "AskedRegistry" a WHERE a."AddressHash" = c."AddressHash")
              AND NOT EXISTS (SELECT 1 FROM "Suppressions" s WHERE s."AddressHash" = c."AddressHash")
              AND (c."Jurisdiction" IS NULL OR EXISTS (
                    SELECT 1 FROM "Memberships" m2 JOIN "Lists" l ON l."Id" = m2."ListId"
                    WHERE m2."ContactId" = c."Id" AND m2."ListId" IN ({lists}) AND l."LawfulBasis" IS NOT NULL))
            """;
    }

    /// <summary>Every address the campaign asks goes into the registry; its primary key refuses a second time. {0} campaign id, {1} now.</summary>
    public const string InsertRegistry = """
        INSERT INTO "AskedRegistry" ("AddressHash", "CampaignId", "AskedAt")
        SELECT r."AddressHash", {0}, {1} FROM "Requests" r WHERE r."CampaignId" = {0}
        """;

    /// <summary>The ids of the sender's ({0}) sending campaigns, oldest first.</summary>
    public const string SendingCampaigns = """
        SELECT "Id" FROM "Campaigns" WHERE "SenderProfileId" = @p0 AND "Status" = 'Sending' ORDER BY "Id"
        """;

    // The statements below are plain commands (PlainCommands, ADR-0025): their parameters are @p0, @p1…, written {n} here.

    /// <summary>
    /// Claims up to {4} due requests of campaign {3} for owner {0} until {1} (now {2}), skipping
    /// recipient domains at their limit ({5}…), and returns their ids. No ORDER BY: the rows come in
    /// the order of the (CampaignId, State, …) index, so a claim reads about {4} index entries instead
    /// of sorting (or scanning past) everything the campaign has queued or sent.
    /// On SQLite and PostgreSQL (<see cref="ClaimIssuesTokens"/>) the same statement writes each
    /// claimed row's link hash and Message-ID, given as {5 + excluded domains + 2i} and the
    /// parameter after it for i from 0 to {4} − 1 (ADR-0024): one rewrite of each row instead of two.
    /// The claimed rows are numbered and paired with the values by number; unused values are dropped.
    /// </summary>
    public static string Claim(ReOptInDb db, int excludedDomains, int groupSize) =>
        // Built once per form: a group's claim is a few KB of text, and the lanes claim hundreds of times a minute.
        Claims.GetOrAdd((ProviderOf(db), excludedDomains, groupSize), static key => Plain(BuildClaim(key.Provider, key.Excluded, key.Group)));

    private enum Provider
    {
        Sqlite,
        PostgreSql,
        SqlServer,
    }

    private static Provider ProviderOf(ReOptInDb db) => db.Database.IsNpgsql() ? Provider.PostgreSql : db.Database.IsSqlServer() ? Provider.SqlServer : Provider.Sqlite;

    private static readonly ConcurrentDictionary<(Provider Provider, int Excluded, int Group), string> Claims = new();

    private static string BuildClaim(Provider provider, int excludedDomains, int groupSize)
    {
        var exclusion = excludedDomains == 0 ? ""
            : $" AND r.\"RecipientDomain\" NOT IN ({string.Join(", ", Enumerable.Range(5, excludedDomains).Select(i => "{" + i.ToString(CultureInfo.InvariantCulture) + "}"))})";
        const string Due = "r.\"CampaignId\" = {3} AND r.\"State\" IN ('Queued', 'Deferred') AND (r.\"NextAttemptAt\" IS NULL OR r.\"NextAttemptAt\" <= {2})";
        const string Set = "\"State\" = 'Sending', \"LeaseOwner\" = {0}, \"LeaseExpiresAt\" = {1}, \"StateChangedAt\" = {2}, \"Attempts\" = \"Attempts\" + 1, \"FirstAttemptAt\" = COALESCE(\"FirstAttemptAt\", {2})";
        if (provider == Provider.SqlServer)
            return $"""
                WITH batch AS (SELECT TOP ({"{4}"}) * FROM "Requests" r WITH (UPDLOCK, READPAST, ROWLOCK) WHERE {Due}{exclusion})
                UPDATE batch SET {Set} OUTPUT inserted."Id" AS "Value";
                """;
        // SQLite has one writer at a time, so the sub-select needs no lock; PostgreSQL skips rows another instance holds.
        var locking = provider == Provider.PostgreSql ? " FOR UPDATE SKIP LOCKED" : "";
        var first = 5 + excludedDomains;
        var values = string.Join(", ", Enumerable.Range(0, groupSize).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"({i + 1}, {{{first + 2 * i}}}, {{{first + 2 * i + 1}}})")));
        return $"""
            WITH batch AS MATERIALIZED (SELECT b."Id", row_number() OVER () AS n FROM (SELECT r."Id" FROM "Requests" r WHERE {Due}{exclusion} LIMIT {"{4}"}{locking}) b),
              issued (n, link_hash, message_id) AS (VALUES {values})
            UPDATE "Requests" SET {Set}, "LinkHash" = issued.link_hash, "MessageId" = issued.message_id
            FROM batch JOIN issued ON issued.n = batch.n
            WHERE "Requests"."Id" = batch."Id"
            RETURNING "Requests"."Id" AS "Value"
            """;
    }

    /// <summary>Whether <see cref="Claim"/> writes the tokens itself; on SQL Server (not tested here) <see cref="IssueTokens"/> follows it.</summary>
    public static bool ClaimIssuesTokens(ReOptInDb db) => ProviderOf(db) != Provider.SqlServer;

    /// <summary>
    /// On SQL Server, after the claim: each request's link hash and Message-ID in one statement. Parameters:
    /// for request i, {3i} its id, {3i+1} the link hash, {3i+2} the Message-ID.
    /// </summary>
    public static string IssueTokens(int count) => Plain($"""
        UPDATE "Requests" SET "LinkHash" = {Case(count, 3, 1)}, "MessageId" = {Case(count, 3, 2)}
        WHERE "State" = 'Sending' AND "Id" IN ({Ids(count, 3)})
        """);

    /// <summary>What sending the claimed requests {0}… needs of them and of their contacts (null after an erasure), by id.</summary>
    public static string ClaimedRows(int count) => ClaimedRowsSql.GetOrAdd(count, static count => Plain($"""
        SELECT r."Id", r."ContactId", r."RecipientDomain", r."AddressHash", r."MessageId", r."Attempts", r."FirstAttemptAt",
          c."Email", c."FirstName", c."LastName"
        FROM "Requests" r LEFT JOIN "Contacts" c ON c."Id" = r."ContactId"
        WHERE r."Id" IN ({Ids(count, 1)})
        ORDER BY r."Id"
        """));

    private static readonly ConcurrentDictionary<int, string> ClaimedRowsSql = new();

    /// <summary>The memberships of contacts {0}… in the lists after them (<paramref name="contacts"/> then <paramref name="lists"/> values), with the list's source.</summary>
    public static string Sources(int contacts, int lists) => SourcesSql.GetOrAdd((contacts, lists), static key => Plain($"""
        SELECT m."ContactId", m."Source", l."Source"
        FROM "Memberships" m JOIN "Lists" l ON l."Id" = m."ListId"
        WHERE m."ContactId" IN ({Ids(key.Item1, 1)}) AND m."ListId" IN ({string.Join(", ", Enumerable.Range(key.Item1, key.Item2).Select(i => "{" + i.ToString(CultureInfo.InvariantCulture) + "}"))})
        """));

    private static readonly ConcurrentDictionary<(int, int), string> SourcesSql = new();

    /// <summary>
    /// One statement for the requests of a group the relay accepted: for request i, {2i} its id and
    /// {2i+1} when it was accepted. Only rows still <c>Sending</c> move (nothing goes backwards).
    /// </summary>
    public static string RecordSent(int count) => RecordsSent.GetOrAdd(count, static count => Plain($"""
        UPDATE "Requests" SET "State" = 'Sent', "SentAt" = {Case(count, 2, 1)}, "StateChangedAt" = {Case(count, 2, 1)},
          "LeaseExpiresAt" = NULL, "LastError" = NULL
        WHERE "State" = 'Sending' AND "Id" IN ({Ids(count, 2)})
        """));

    private static readonly ConcurrentDictionary<int, string> RecordsSent = new();

    private static string Ids(int count, int stride) =>
        string.Join(", ", Enumerable.Range(0, count).Select(i => "{" + (i * stride).ToString(CultureInfo.InvariantCulture) + "}"));

    private static string Case(int count, int stride, int offset) => "CASE \"Id\" " + string.Concat(Enumerable.Range(0, count).Select(i =>
        string.Create(CultureInfo.InvariantCulture, $"WHEN {{{i * stride}}} THEN {{{i * stride + offset}}} "))) + "END";

    /// <summary>{n} placeholders as the plain commands' @pn parameters.</summary>
    private static string Plain(string sql) => PlaceholderPattern().Replace(sql, m => "@p" + m.Groups[1].Value);

    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex PlaceholderPattern();
}
