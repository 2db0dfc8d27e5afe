using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Bounces.Uploads;
using ReOptIn.Core.Data;

namespace ReOptIn.Web.Pages.Admin.Bounces;

/// <summary>One uploaded file: its progress while the worker processes it (the page refreshes itself), its summary after.</summary>
public sealed class UploadJobModel(ReOptInDb db, BounceUploadSignal signal, TimeProvider clock) : PageModel
{
    public BounceUploadJob Job { get; private set; } = null!;

    public BounceUploadSummary Summary { get; private set; } = null!;

    public bool InProgress => !Job.IsFinished;

    /// <summary>How far into the file the worker is (by bytes: messages differ in size).</summary>
    public int Percent => Job.State == BounceUploadState.Done ? 100
        : Job.FileBytes == 0 ? 0 : (int)Math.Min(99, Job.BytesRead * 100 / Job.FileBytes);

    /// <summary>About how long the rest of the file takes at the speed so far, while it runs.</summary>
    public string? TimeLeft { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await db.BounceUploadJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, ct) is not { } job) return NotFound();
        Job = job;
        Summary = BounceUploadSummary.Of(job);
        if (job is { State: BounceUploadState.Running, StartedAt: { } started, BytesRead: > 0 } && job.BytesRead < job.FileBytes)
        {
            var elapsed = (clock.GetUtcNow().UtcDateTime - started).TotalSeconds;
            if (elapsed > 0)
            {
                var left = TimeSpan.FromSeconds((job.FileBytes - job.BytesRead) / (job.BytesRead / elapsed));
                TimeLeft = left.TotalSeconds < 60 ? $"{Math.Ceiling(left.TotalSeconds):0} s" : $"{Math.Ceiling(left.TotalMinutes):0} min";
            }
        }
        return Page();
    }

    /// <summary>Asks the worker to stop at its next save (within seconds); a queued job ends as soon as it is picked up.</summary>
    public async Task<IActionResult> OnPostCancelAsync(long id, CancellationToken ct)
    {
        var asked = await db.BounceUploadJobs.Where(j => j.Id == id && (j.State == BounceUploadState.Queued || j.State == BounceUploadState.Running))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.CancelRequested, true), ct);
        if (asked == 0 && !await db.BounceUploadJobs.AnyAsync(j => j.Id == id, ct)) return NotFound();
        if (asked == 1)
        {
            signal.Notify();
            TempData["Status"] = "Cancelling: the messages processed so far stay processed; the rest of the file is not read.";
        }
        return RedirectToPage(new { id });
    }
}
