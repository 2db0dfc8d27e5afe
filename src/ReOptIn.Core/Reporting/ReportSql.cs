using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Data;

namespace ReOptIn.Core.Reporting;

/// <summary>
/// The report statements written by hand. Confirmations per UTC day: EF's translation of
/// <c>DateTime.Date</c> on SQLite formats every row with strftime (a quarter of a second for 100,000
/// confirmations); cutting the stored text, or the provider's own date function, is several times faster.
/// The largest domains' answers on SQLite: see <see cref="DomainAnswers"/>.
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

    /// <summary>
    /// SQLite: the answered requests of campaign {0} at domains {1}… by domain and state. SQLite (without
    /// statistics) would seek the domain index and read every row of the largest domains for its state
    /// (0.5 s for a million); the funnel's index carries the domain too (ADR-0025), and read for the five
    /// answered states alone it answers from the index (0.1 s). Other databases plan this from statistics.
    /// </summary>
    public static string DomainAnswers(int domains) => $"""
        SELECT r."RecipientDomain", r."State", COUNT(*) AS "Count"
        FROM "Requests" AS r INDEXED BY "{FunnelIndex}"
        WHERE r."CampaignId" = {"{0}"} AND r."State" IN ('Confirmed', 'HandedOff', 'Declined', 'Bounced', 'Complained')
          AND r."RecipientDomain" IN ({string.Join(", ", Enumerable.Range(1, domains).Select(i => "{" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}"))})
        GROUP BY r."RecipientDomain", r."State"
        """;

    /// <summary>The name EF gives the requests' (CampaignId, State, …, RecipientDomain) index (CampaignConfigurations).</summary>
    private const string FunnelIndex = "IX_Requests_CampaignId_State_SourceListId_SentAt_VisitedAt_ConfirmedAt_RecipientDomain";

    public sealed record DomainStateRow(string RecipientDomain, string State, int Count);
}
