using ReOptIn.Core.Reporting;
using ReOptIn.Web.Accounts;
using ReOptIn.Web.Reporting;

namespace ReOptIn.Web.Api;

/// <summary>A campaign's report (staff) and its confirmed contacts as CSV (admins: personal data).</summary>
public static class ReportEndpoints
{
    public static RouteGroupBuilder MapReports(this RouteGroupBuilder api)
    {
        api.MapGet("/campaigns/{id:int}/report", ReportAsync).WithName("CampaignReport")
            .WithSummary("The funnel, the outcomes, confirmations per day, and breakdowns by list, recipient domain and bounce reason.")
            .Produces<CampaignReport>().Produces(StatusCodes.Status404NotFound);
        api.MapGet("/campaigns/{id:int}/export", ExportAsync).WithName("ExportConfirmed").RequireAuthorization(Policies.ApiAdmin)
            .WithSummary("The confirmed contacts as CSV for ActiveCampaign or Mailchimp; ?bom=true adds the UTF-8 byte-order mark for Excel.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").Produces(StatusCodes.Status404NotFound);
        return api;
    }

    private static IResult NoSuchCampaign(int id) =>
        ApiProblem.Of("campaign-not-found", "No such campaign", $"There is no campaign {id}.", StatusCodes.Status404NotFound);

    /// <summary>A large campaign's report may be a snapshot up to a minute old: <c>asOf</c> says when its figures were read.</summary>
    private static async Task<IResult> ReportAsync(int id, CampaignReports reports, CancellationToken ct) =>
        await reports.GetAsync(id, ct) is { } view
            ? Results.Ok(view.Report)
            : NoSuchCampaign(id);

    private static async Task<IResult> ExportAsync(int id, bool? bom, ConfirmedExport export, HttpContext http, CancellationToken ct)
    {
        if (!await export.ExistsAsync(id, ct)) return NoSuchCampaign(id);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{ConfirmedExport.FileName(id)}\"";
        return Results.Stream(body => export.WriteAsync(id, body, bom ?? false, "api", ct), ConfirmedExport.ContentType);
    }
}
