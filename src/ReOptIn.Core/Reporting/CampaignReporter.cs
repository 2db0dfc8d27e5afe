using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using ReOptIn.Core.Bounces;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Data;

namespace ReOptIn.Core.Reporting;

/// <summary>
/// Builds a <see cref="CampaignReport"/> in a few set-based queries, each answered from an index
/// (ADR-0012): requests grouped by state and source list, the largest recipient domains and their
/// answers, confirmations per day, and bounces by reason. Nothing reads a contact row, so the report is the same before and
/// after the deadline's erasure.
/// </summary>
public static class CampaignReporter
{
    private static readonly IdnMapping Idn = new();

    /// <summary>Null when there is no such campaign.</summary>
    public static async Task<CampaignReport?> BuildAsync(ReOptInDb db, int campaignId, DateTime now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var campaign = await db.Campaigns.AsNoTracking().Where(c => c.Id == campaignId)
            .Select(c => new
            {
                c.Id, c.Name, c.Status, c.LaunchedAt, c.Deadline, c.ClosedAt,
                c.SkippedAlreadyAsked, c.SkippedSuppressed, c.SkippedJurisdiction,
            })
            .SingleOrDefaultAsync(ct);
        if (campaign is null) return null;

        // The two passes over a million index entries (the funnel, the domains) run side by side on two
        // connections: SQLite's readers do not block each other in WAL mode, nor PostgreSQL's.
        // DomainsAndDaysAsync disposes the second context.
        // The chart's days run from the launch to the close, or to today but not past the deadline.
        var deadline = campaign.Deadline ?? campaign.LaunchedAt?.AddDays(Campaign.DefaultDeadlineDays);
        var until = campaign.ClosedAt ?? (deadline is { } d && d < now ? d : now);
        var sideways = DomainsAndDaysAsync(new ReOptInDb((DbContextOptions<ReOptInDb>)db.GetService<IDbContextOptions>()), campaignId, campaign.LaunchedAt, until, ct);

        // One pass over the index (CampaignId, State, SourceListId, SentAt, VisitedAt, ConfirmedAt).
        var groups = await db.Requests.AsNoTracking().Where(r => r.CampaignId == campaignId)
            .GroupBy(r => new { r.State, r.SourceListId })
            .Select(g => new StateGroup(g.Key.State, g.Key.SourceListId, g.Count(),
                g.Count(r => r.SentAt != null || r.VisitedAt != null),
                g.Count(r => r.VisitedAt != null || r.ConfirmedAt != null),
                g.Count(r => r.ConfirmedAt != null)))
            .ToListAsync(ct);

        var closed = campaign.Status == CampaignStatus.Closed;
        var total = Tally.Of(groups);
        var eligible = total.Requests;
        var skipped = campaign.SkippedAlreadyAsked + campaign.SkippedSuppressed + campaign.SkippedJurisdiction;
        var imported = campaign.LaunchedAt is null ? 0 : eligible + skipped;

        var bouncedSoft = await db.Bounces.AsNoTracking()
            .Where(b => b.CampaignId == campaignId && b.Class == BounceClass.Soft && b.RequestId != null)
            .Select(b => b.RequestId).Distinct().CountAsync(ct);

        var funnel = new List<ReportFigure>
        {
            new("imported", "In the lists at launch", imported, null),
            new("eligible", "Eligible (a request was made)", eligible, Percent(eligible, eligible), Percent(eligible, imported)),
            new("sent", "Sent (accepted by the relay)", total.Sent, Percent(total.Sent, eligible), Percent(total.Sent, eligible)),
            new("delivered", "Delivered (sent, not hard-bounced)", total.Delivered, Percent(total.Delivered, eligible), Percent(total.Delivered, total.Sent)),
            new("visited", "Visited (opened the form, looked like a person)", total.Visited, Percent(total.Visited, eligible), Percent(total.Visited, total.Delivered)),
            new("confirmed", "Confirmed (submitted the form)", total.Confirmed, Percent(total.Confirmed, eligible), Percent(total.Confirmed, total.Visited)),
        };
        var outcomes = new List<ReportFigure>
        {
            new("optedIn", "Opted in (confirmed, not withdrawn)", total.OptedIn, Percent(total.OptedIn, eligible)),
            new("declined", "Declined or unsubscribed", total.Declined, Percent(total.Declined, eligible)),
            new("bounced", "Bounced (hard)", total.Bounced, Percent(total.Bounced, eligible)),
            new("complained", "Complained (marked as spam)", total.Complained, Percent(total.Complained, eligible)),
            new("failed", "Failed (refused by the relay)", total.Failed, Percent(total.Failed, eligible)),
            new("inDoubt", "In doubt (never re-sent)", total.InDoubt, Percent(total.InDoubt, eligible)),
            new("noAnswer", closed ? "No answer by the deadline" : "No answer yet", total.NoAnswer, Percent(total.NoAnswer, eligible)),
            new("notSent", closed ? "Not sent by the deadline (or in doubt)" : "Not sent yet", total.NotSent, Percent(total.NotSent, eligible)),
        };
        var skips = new List<ReportFigure>
        {
            new("alreadyAsked", "Skipped: already asked", campaign.SkippedAlreadyAsked, Percent(campaign.SkippedAlreadyAsked, imported)),
            new("suppressed", "Skipped: suppressed", campaign.SkippedSuppressed, Percent(campaign.SkippedSuppressed, imported)),
            new("excludedJurisdiction", "Skipped: UK/Canada without lawful basis", campaign.SkippedJurisdiction, Percent(campaign.SkippedJurisdiction, imported)),
        };

        var byList = await ByListAsync(db, groups, ct);
        var reasons = await db.Bounces.AsNoTracking()
            .Where(b => b.CampaignId == campaignId && b.Class != BounceClass.None)
            .GroupBy(b => new { b.Class, b.Reason })
            .Select(g => new { g.Key.Class, g.Key.Reason, Messages = g.Count(), Requests = g.Select(b => b.RequestId).Distinct().Count() })
            .ToListAsync(ct);

        var (top, perDay) = await sideways;
        var others = OtherDomains(top, total);
        return new CampaignReport(campaign.Id, campaign.Name, campaign.Status.ToString(), campaign.LaunchedAt, campaign.Deadline, campaign.ClosedAt,
            funnel, outcomes, bouncedSoft, total.Withdrew, skips, perDay, byList, top, others,
            reasons.OrderBy(r => r.Class).ThenByDescending(r => r.Messages).ThenBy(r => r.Reason, StringComparer.Ordinal)
                .Select(r => new BounceReasonBreakdown(r.Class.ToString(), r.Reason, r.Messages, r.Requests)).ToList(), now);
    }

    private static async Task<IReadOnlyList<ListBreakdown>> ByListAsync(ReOptInDb db, List<StateGroup> groups, CancellationToken ct)
    {
        var ids = groups.Where(g => g.ListId is not null).Select(g => g.ListId!.Value).Distinct().ToList();
        var names = await db.Lists.AsNoTracking().Where(l => ids.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Name, ct);
        return groups.GroupBy(g => g.ListId)
            .Select(g =>
            {
                var t = Tally.Of(g);
                var name = g.Key is not { } id ? "(no list recorded)" : names.GetValueOrDefault(id) ?? $"list #{id} (deleted)";
                return new ListBreakdown(g.Key, name, t.Requests, t.Sent, t.Delivered, t.Confirmed, t.Declined, t.Bounced, Percent(t.Confirmed, t.Delivered));
            })
            .OrderByDescending(l => l.Requests).ThenBy(l => l.ListId).ToList();
    }

    private static async Task<(IReadOnlyList<DomainBreakdown> Top, IReadOnlyList<DayCount> PerDay)> DomainsAndDaysAsync(ReOptInDb db, int campaignId,
        DateTime? launchedAt, DateTime until, CancellationToken ct)
    {
        await using (db)
        {
            var requests = db.Requests.AsNoTracking().Where(r => r.CampaignId == campaignId);
            return (await TopDomainsAsync(db, campaignId, requests, ct), await PerDayAsync(db, campaignId, launchedAt, until, ct));
        }
    }

    private static async Task<IReadOnlyList<DomainBreakdown>> TopDomainsAsync(ReOptInDb db, int campaignId, IQueryable<PermissionRequest> requests, CancellationToken ct)
    {
        // The largest domains: a bare count over the index (CampaignId, RecipientDomain)…
        var largest = await requests.GroupBy(r => r.RecipientDomain)
            .Select(g => new { Domain = g.Key, Requests = g.Count() })
            .OrderByDescending(d => d.Requests).ThenBy(d => d.Domain)
            .Take(CampaignReport.TopDomainCount)
            .ToListAsync(ct);
        var domains = largest.Select(d => d.Domain).ToList();
        // …then their answers only: the answered states' entries of the funnel's index, not a second full pass.
        var answered = domains.Count == 0 ? []
            : db.Database.IsSqlite()
            ? (await db.Database.SqlQueryRaw<ReportSql.DomainStateRow>(ReportSql.DomainAnswers(domains.Count), [campaignId, .. domains]).ToListAsync(ct))
                .Select(a => (a.RecipientDomain, State: Enum.Parse<RequestState>(a.State), a.Count)).ToList()
            : (await requests
                .Where(r => domains.Contains(r.RecipientDomain) && (r.State == RequestState.Confirmed || r.State == RequestState.HandedOff
                    || r.State == RequestState.Declined || r.State == RequestState.Bounced || r.State == RequestState.Complained))
                .GroupBy(r => new { r.RecipientDomain, r.State })
                .Select(g => new { g.Key.RecipientDomain, g.Key.State, Count = g.Count() })
                .ToListAsync(ct)).Select(a => (a.RecipientDomain, a.State, a.Count)).ToList();
        int Of(string domain, params RequestState[] states) => answered.Where(a => a.RecipientDomain == domain && states.Contains(a.State)).Sum(a => a.Count);
        return largest.Select(d =>
        {
            var optedIn = Of(d.Domain, RequestState.Confirmed, RequestState.HandedOff);
            return new DomainBreakdown(d.Domain, Display(d.Domain), d.Requests, optedIn, Of(d.Domain, RequestState.Declined),
                Of(d.Domain, RequestState.Bounced), Of(d.Domain, RequestState.Complained), Percent(optedIn, d.Requests));
        }).ToList();
    }

    /// <summary>Everything outside the top domains, by difference with the totals (the two passes may see a second apart: never below zero).</summary>
    private static DomainBreakdown? OtherDomains(IReadOnlyList<DomainBreakdown> top, Tally total)
    {
        var rest = total.Requests - top.Sum(d => d.Requests);
        if (rest <= 0) return null;
        var restOptedIn = Math.Max(0, total.OptedIn - top.Sum(d => d.OptedIn));
        return new DomainBreakdown("", "all other domains", rest, restOptedIn, Math.Max(0, total.Declined - top.Sum(d => d.Declined)),
            Math.Max(0, total.Bounced - top.Sum(d => d.Bounced)), Math.Max(0, total.Complained - top.Sum(d => d.Complained)), Percent(restOptedIn, rest));
    }

    private static async Task<IReadOnlyList<DayCount>> PerDayAsync(ReOptInDb db, int campaignId, DateTime? launchedAt, DateTime until, CancellationToken ct)
    {
        var days = await db.Database.SqlQueryRaw<ReportSql.DayRow>(ReportSql.ConfirmationsPerDay(db), campaignId).ToListAsync(ct);
        var counts = days.ToDictionary(d => DateOnly.ParseExact(d.Day, "yyyy-MM-dd", CultureInfo.InvariantCulture), d => d.Count);
        if (counts.Count == 0 && launchedAt is null) return [];
        // Every day from the launch (or the first confirmation) to the last, zeros included, so a chart shows the quiet days.
        var first = launchedAt is { } l ? DateOnly.FromDateTime(l) : counts.Keys.Min();
        if (counts.Count > 0 && counts.Keys.Min() < first) first = counts.Keys.Min();
        var last = DateOnly.FromDateTime(until);
        if (counts.Count > 0 && counts.Keys.Max() > last) last = counts.Keys.Max();
        if (last.DayNumber - first.DayNumber > 730) first = last.AddDays(-730);
        var result = new List<DayCount>();
        for (var day = first; day <= last; day = day.AddDays(1)) result.Add(new DayCount(day, counts.GetValueOrDefault(day)));
        return result;
    }

    public static double? Percent(int part, int whole) => whole == 0 ? null : Math.Round(100.0 * part / whole, 1);

    private static string Display(string domain)
    {
        if (!domain.Contains("xn--", StringComparison.OrdinalIgnoreCase)) return domain;
        try
        {
            return Idn.GetUnicode(domain);
        }
        catch (ArgumentException)
        {
            return domain;
        }
    }

    /// <summary>Requests of one state (and list) with how many went out, were visited, were confirmed.</summary>
    private sealed record StateGroup(RequestState State, int? ListId, int Count, int SentOrVisited, int VisitedOrConfirmed, int Confirmed);

    /// <summary>
    /// The funnel and the outcomes of a set of state groups. The funnel's steps are nested by
    /// construction (each a subset of the one before); the outcomes partition the eligible requests.
    /// </summary>
    private sealed record Tally(int Requests, int Sent, int Delivered, int Visited, int Confirmed, int OptedIn, int Declined, int Bounced,
        int Complained, int Failed, int InDoubt, int NoAnswer, int NotSent, int Withdrew)
    {
        public static Tally Of(IEnumerable<StateGroup> groups)
        {
            int requests = 0, sent = 0, bounced = 0, visited = 0, confirmed = 0, optedIn = 0, declined = 0, complained = 0, failed = 0,
                inDoubt = 0, noAnswer = 0, notSent = 0, withdrew = 0;
            foreach (var g in groups)
            {
                requests += g.Count;
                switch (g.State)
                {
                    case RequestState.Queued or RequestState.Sending or RequestState.Deferred:
                        notSent += g.Count;
                        break;
                    case RequestState.Failed:
                        failed += g.Count;
                        break;
                    case RequestState.InDoubt:
                        inDoubt += g.Count;
                        break;
                    case RequestState.Expired:
                        // After the purge: it went out if it has a send time or a visit; visits survive as VisitedAt.
                        sent += g.SentOrVisited;
                        visited += g.VisitedOrConfirmed;
                        noAnswer += g.SentOrVisited;
                        notSent += g.Count - g.SentOrVisited;
                        break;
                    case RequestState.Bounced:
                        sent += g.Count;
                        bounced += g.Count;
                        break;
                    default:
                        // Sent, Visited, Confirmed, HandedOff, Declined, Complained: all went out (a settled in-doubt one too).
                        sent += g.Count;
                        visited += g.State == RequestState.Visited ? g.Count : g.VisitedOrConfirmed;
                        confirmed += g.Confirmed;
                        if (g.State is RequestState.Confirmed or RequestState.HandedOff) optedIn += g.Count;
                        else if (g.State == RequestState.Declined) { declined += g.Count; withdrew += g.Confirmed; }
                        else if (g.State == RequestState.Complained) { complained += g.Count; withdrew += g.Confirmed; }
                        else noAnswer += g.Count;
                        break;
                }
            }
            return new Tally(requests, sent, sent - bounced, visited, confirmed, optedIn, declined, bounced, complained, failed, inDoubt, noAnswer, notSent, withdrew);
        }
    }
}
