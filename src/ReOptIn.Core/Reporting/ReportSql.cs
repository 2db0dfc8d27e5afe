using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Data;

namespace ReOptIn.Core.Reporting;

/// <summary>
/// The one report statement written by hand: confirmations per UTC day. EF's translation of
/// <c>DateTime.Date</c> on SQLite formats every row with strftime (a quarter of a second for 100,000
/// confirmations); cutting the stored text, or the provider's own date function, is several times faster.
/// </summary>
internal static class ReportSql
{
    /// <summary>{0}: the campaign id. Only the states a confirmed request can be in: a range of the funnel's index.</summary>
    public static string ConfirmationsPerDay(ReOptInDb db)
    {
        // SQLite stores times as "yyyy-MM-dd HH:mm:ss…" text, in UTC (ADR-0003).
        var day = db.Database.IsNpgsql() ? """to_char("ConfirmedAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD')"""
            : db.Database.IsSqlServer() ? """CONVERT(char(10), "ConfirmedAt", 23)"""
            : """substr("ConfirmedAt", 1, 10)""";
        return $"""
            SELECT {day} AS "Day", COUNT(*) AS "Count" FROM "Requests"
            WHERE "CampaignId" = {"{0}"} AND "State" IN ('Confirmed', 'HandedOff', 'Declined', 'Complained') AND "ConfirmedAt" IS NOT NULL
            GROUP BY {day}
            """;
    }

    public sealed record DayRow(string Day, int Count);
}
