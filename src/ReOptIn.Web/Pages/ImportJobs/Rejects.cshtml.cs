using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Data;
using ReOptIn.Web.Auditing;
using ReOptIn.Web.Importing;

namespace ReOptIn.Web.Pages.ImportJobs;

/// <summary>The rejected rows as a CSV download, safe to open in a spreadsheet.</summary>
public sealed class RejectsModel(ReOptInDb db, AuditTrail audit) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var job = await db.ImportJobs.AsNoTracking().Where(j => j.Id == id).Select(j => new { j.RejectsDeletedAt }).SingleOrDefaultAsync(ct);
        if (job is null) return NotFound();
        if (job.RejectsDeletedAt is not null) return RedirectToPage("Details", new { id }); // the page says when and why
        await audit.RecordNowAsync(AuditActions.RejectsExported, $"import {id}", ct: ct);
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"{RejectsCsv.FileName(id)}\"";
        await RejectsCsv.WriteAsync(db, id, Response.Body, ct);
        return new EmptyResult();
    }
}
