using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReOptIn.Core.Reporting;

namespace ReOptIn.Web.Pages.Campaigns;

/// <summary>What a campaign did: the funnel, the outcomes, confirmations per day and the breakdowns (Marketers and Admins).</summary>
public sealed class ReportModel(CampaignReports reports) : PageModel
{
    public CampaignReport Report { get; private set; } = null!;

    /// <summary>The report shown is a snapshot past its age, and a newer one is being built.</summary>
    public bool Refreshing { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await reports.GetAsync(id, ct) is not { } view) return NotFound();
        (Report, Refreshing) = (view.Report, view.Refreshing);
        return Page();
    }

    public static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    public static string Pct(double? percent) => percent is { } p ? p.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";

    /// <summary>A JSON array for a chart's data attribute (HTML-encoded by Razor, read by report-charts.js).</summary>
    public static string Json<T>(IEnumerable<T> values) => JsonSerializer.Serialize(values);
}
