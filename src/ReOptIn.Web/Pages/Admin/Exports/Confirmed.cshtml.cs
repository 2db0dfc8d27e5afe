using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReOptIn.Web.Reporting;

namespace ReOptIn.Web.Pages.Admin.Exports;

/// <summary>The confirmed contacts of a campaign as CSV (Admins only); <c>?bom=true</c> adds the byte-order mark Excel needs.</summary>
public sealed class ConfirmedModel(ConfirmedExport export) : PageModel
{
    public async Task<IActionResult> OnGetAsync(int campaignId, bool bom, CancellationToken ct)
    {
        if (!await export.ExistsAsync(campaignId, ct)) return NotFound();
        Response.ContentType = ConfirmedExport.ContentType;
        Response.Headers.ContentDisposition = $"attachment; filename=\"{ConfirmedExport.FileName(campaignId)}\"";
        await export.WriteAsync(campaignId, Response.Body, bom, null, ct);
        return new EmptyResult();
    }
}
