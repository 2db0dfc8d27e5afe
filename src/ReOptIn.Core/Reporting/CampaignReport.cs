namespace ReOptIn.Core.Reporting;

/// <summary>
/// What a campaign did, read from what survives the deadline's erasure (ADR-0012): the request rows
/// (state, domain, list, times), the bounce reports and the campaign's launch counts. Every figure
/// is a count of requests unless its name says otherwise. <see cref="AsOf"/> is when the figures
/// were read (a large campaign's report may be a snapshot; ADR-0017).
/// </summary>
public sealed record CampaignReport(
    int CampaignId,
    string Name,
    string Status,
    DateTime? LaunchedAt,
    DateTime? Deadline,
    DateTime? ClosedAt,
    IReadOnlyList<ReportFigure> Funnel,
    IReadOnlyList<ReportFigure> Outcomes,
    int BouncedSoft,
    int WithdrewAfterConfirming,
    IReadOnlyList<ReportFigure> Skipped,
    IReadOnlyList<DayCount> ConfirmationsPerDay,
    IReadOnlyList<ListBreakdown> ByList,
    IReadOnlyList<DomainBreakdown> TopDomains,
    DomainBreakdown? OtherDomains,
    IReadOnlyList<BounceReasonBreakdown> BounceReasons,
    DateTime AsOf)
{
    public const int TopDomainCount = 20;

    public int Count(string key) => Funnel.Concat(Outcomes).Concat(Skipped).FirstOrDefault(f => f.Key == key)?.Count ?? 0;
}

/// <summary>One line of the funnel or of the outcomes: a count, and percentages (0–100, one decimal) of the eligible requests and of the step before.</summary>
public sealed record ReportFigure(string Key, string Label, int Count, double? PercentOfEligible, double? PercentOfPrevious = null);

/// <summary>Confirmations on one UTC day.</summary>
public sealed record DayCount(DateOnly Day, int Count);

/// <summary>The requests of one source list (the contact's first list in the campaign; null when unknown).</summary>
public sealed record ListBreakdown(int? ListId, string Name, int Requests, int Sent, int Delivered, int Confirmed, int Declined, int Bounced, double? ConfirmRate);

/// <summary>
/// The requests to one recipient domain (ASCII form, as sent); <see cref="OptedIn"/> counts requests
/// confirmed and not withdrawn, as the states say.
/// </summary>
public sealed record DomainBreakdown(string Domain, string DisplayDomain, int Requests, int OptedIn, int Declined, int Bounced, int Complained, double? OptInRate);

/// <summary>Returned messages of one class and reason: messages, and the requests they matched.</summary>
public sealed record BounceReasonBreakdown(string Class, string Reason, int Messages, int Requests);
