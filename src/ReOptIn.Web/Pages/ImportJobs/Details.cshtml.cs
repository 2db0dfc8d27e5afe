using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Data;
using ReOptIn.Web.Importing;

namespace ReOptIn.Web.Pages.ImportJobs;

/// <summary>Progress while an import runs (the page refreshes itself), its outcome after.</summary>
public sealed class DetailsModel(ReOptInDb db, ImportService imports, TimeProvider clock) : PageModel
{
    public ImportProgress Progress { get; private set; } = null!;

    public string ListName { get; private set; } = "";

    public bool InProgress => Progress.Status is "queued" or "running";

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var job = await db.ImportJobs.AsNoTracking().Include(j => j.List).SingleOrDefaultAsync(j => j.Id == id, ct);
        if (job is null) return NotFound();
        if (job.Status == Core.Importing.ImportStatus.Draft) return RedirectToPage("Review", new { id });
        Progress = ImportProgress.Of(job, clock.GetUtcNow().UtcDateTime);
        ListName = job.List!.Name;
        return Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(long id, CancellationToken ct)
    {
        var job = await db.ImportJobs.SingleOrDefaultAsync(j => j.Id == id, ct);
        if (job is null) return NotFound();
        if (!job.IsFinished) await imports.CancelAsync(job, ct);
        TempData["Status"] = "Cancelling: anything already imported from this file is being removed.";
        return RedirectToPage(new { id });
    }

    public string Describe(TimeSpan left) => left.TotalSeconds < 60 ? $"{Math.Ceiling(left.TotalSeconds):0} s" : $"{Math.Ceiling(left.TotalMinutes):0} min";
}
