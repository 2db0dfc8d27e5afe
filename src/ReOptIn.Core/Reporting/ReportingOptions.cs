namespace ReOptIn.Core.Reporting;

/// <summary><c>Reporting:*</c>: when a campaign's report is read from a snapshot instead of being built per view (ADR-0017).</summary>
public sealed class ReportingOptions
{
    public const string Section = "Reporting";

    /// <summary>Campaigns with fewer eligible requests than this are always built live (a small report costs a few milliseconds).</summary>
    public int LiveBelow { get; set; } = 50_000;

    /// <summary>A snapshot older than this is shown, marked as such, while a newer one is built in the background.</summary>
    public TimeSpan RefreshAfter { get; set; } = TimeSpan.FromMinutes(1);
}
