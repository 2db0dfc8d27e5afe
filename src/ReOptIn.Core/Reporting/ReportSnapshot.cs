namespace ReOptIn.Core.Reporting;

/// <summary>
/// The last report built for a large campaign, as JSON (ADR-0017): what the report page and the API
/// show while a newer one is built in the background, so viewing a campaign of a million requests
/// does not scan them each time.
/// </summary>
public sealed class ReportSnapshot
{
    /// <summary>The shape of <see cref="CampaignReport"/> the JSON was written with; a snapshot of another shape is rebuilt.</summary>
    public const int CurrentFormat = 1;

    public ReportSnapshot(int campaignId, DateTime builtAt, int buildMilliseconds, string report)
    {
        CampaignId = campaignId;
        Report = report;
        Replace(builtAt, buildMilliseconds, report);
    }

    private ReportSnapshot()
    {
        Report = "";
    }

    public int CampaignId { get; private set; }

    /// <summary>When the figures were read (UTC): the report's "as of".</summary>
    public DateTime BuiltAt { get; private set; }

    /// <summary>How long building it took, for the operator (docs/performance.md).</summary>
    public int BuildMilliseconds { get; private set; }

    /// <summary>The <see cref="CampaignReport"/> as JSON.</summary>
    public string Report { get; private set; }

    public int Format { get; private set; }

    public void Replace(DateTime builtAt, int buildMilliseconds, string report)
    {
        BuiltAt = builtAt;
        BuildMilliseconds = buildMilliseconds;
        Report = report;
        Format = CurrentFormat;
    }
}
