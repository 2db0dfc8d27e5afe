using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Data;

namespace ReOptIn.Core.HandOff;

/// <summary>
/// The claims EF Core cannot express, as in <c>DispatchSql</c>: rows another instance holds are
/// skipped (PostgreSQL SKIP LOCKED, SQL Server READPAST); SQLite has one writer, so it needs no lock.
/// </summary>
internal static class HandOffSql
{
    /// <summary>Marks up to {1} events not yet fanned out as fanned out at {0}; returns their ids as "Value".</summary>
    public static string FanOut(ReOptInDb db) => Claim(db, "HandOffEvents", "\"FannedOutAt\" = {0}", "e",
        "e.\"FannedOutAt\" IS NULL", "e.\"Id\"", "{1}");

    /// <summary>
    /// Claims up to {3} due deliveries for owner {0} until {1} (now {2}): pending ones whose time has
    /// come, and claimed ones whose lease ran out (their worker stopped). Returns their ids as "Value".
    /// </summary>
    public static string Deliveries(ReOptInDb db) => Claim(db, "HandOffDeliveries",
        "\"Status\" = 'Delivering', \"LeaseOwner\" = {0}, \"LeaseExpiresAt\" = {1}, \"Attempts\" = \"Attempts\" + 1, \"FirstAttemptAt\" = COALESCE(\"FirstAttemptAt\", {2})",
        "d", "(d.\"Status\" = 'Pending' AND d.\"NextAttemptAt\" <= {2}) OR (d.\"Status\" = 'Delivering' AND d.\"LeaseExpiresAt\" < {2})",
        "d.\"NextAttemptAt\", d.\"Id\"", "{3}");

    private static string Claim(ReOptInDb db, string table, string set, string alias, string due, string order, string limit)
    {
        if (db.Database.IsSqlServer())
            return $"""
                WITH batch AS (SELECT TOP ({limit}) * FROM "{table}" {alias} WITH (UPDLOCK, READPAST, ROWLOCK) WHERE {due} ORDER BY {order})
                UPDATE batch SET {set} OUTPUT inserted."Id" AS "Value";
                """;
        var locking = db.Database.IsNpgsql() ? " FOR UPDATE SKIP LOCKED" : "";
        return $"""
            UPDATE "{table}" SET {set}
            WHERE "Id" IN (SELECT {alias}."Id" FROM "{table}" {alias} WHERE {due} ORDER BY {order} LIMIT {limit}{locking})
            RETURNING "Id" AS "Value"
            """;
    }
}
