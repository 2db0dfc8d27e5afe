using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Bounces.Uploads;
using ReOptIn.Core.Data;
using ReOptIn.Core.Importing;
using ReOptIn.Web.Auditing;

namespace ReOptIn.Web.Pages.Admin.Bounces;

/// <summary>One uploaded file: its progress while the worker processes it (the page refreshes itself), its summary after.</summary>
public sealed class UploadJobModel(ReOptInDb db, AuditTrail audit, TimeProvider clock, ILogger<UploadJobModel> log) : PageModel
{
    public BounceUploadJob Job { get; private set; } = null!;

    public BounceUploadSummary Summary { get; private set; } = null!;

    public bool InProgress => !Job.IsFinished;

    /// <summary>How far into the file the worker is (by bytes: messages differ in size).</summary>
    public int Percent => Job.State == BounceUploadState.Done ? 100
        : Job.FileBytes == 0 ? 0 : (int)Math.Min(99, Job.BytesRead * 100 / Job.FileBytes);

    /// <summary>Queued for longer than a worker takes to notice it.</summary>
    public bool WaitingLong { get; private set; }

    /// <summary>The uploader's account name.</summary>
    public string Uploader { get; private set; } = UploaderNames.Deleted;

    /// <summary>About how long the rest of the file takes at the speed so far, while it runs.</summary>
    public string? TimeLeft { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await db.BounceUploadJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, ct) is not { } job) return NotFound();
        Job = job;
        Uploader = await UploaderNames.OfAsync(db, job.UploadedByUserId, ct);
        Summary = BounceUploadSummary.Of(job);
        WaitingLong = job.State == BounceUploadState.Queued && clock.GetUtcNow().UtcDateTime - job.CreatedAt > TimeSpan.FromMinutes(1);
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

    /// <summary>
    /// A queued job ends here at once (no instance may be able to run it); a running one is asked to stop,
    /// and its worker does at its next save (within seconds). The claim decides a race with a worker.
    /// </summary>
    public async Task<IActionResult> OnPostCancelAsync(long id, CancellationToken ct)
    {
        if (await db.BounceUploadJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, ct) is not { } job) return NotFound();
        var now = clock.GetUtcNow().UtcDateTime;
        if (await db.BounceUploadJobs.Where(j => j.Id == id && j.State == BounceUploadState.Queued).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, BounceUploadState.Cancelled).SetProperty(j => j.CancelRequested, true).SetProperty(j => j.FinishedAt, now), ct) == 1)
        {
            // Kept by another instance (its folder is not here): that file stays until its sweep removes it.
            StoredUpload.TryDelete(job.StoredPath, log);
            // Handed back mid-file by a stopping instance: what it processed is recorded as the worker would have.
            if (BounceUploadSummary.Of(job) is { Read: > 0 } done)
                await audit.RecordNowAsync(AuditActions.BouncesUploaded, job.FileName, "Cancelled after " + done.AuditText(), ct: ct);
            TempData["Status"] = "Cancelled.";
        }
        else if (await db.BounceUploadJobs.Where(j => j.Id == id && j.State == BounceUploadState.Running)
                     .ExecuteUpdateAsync(s => s.SetProperty(j => j.CancelRequested, true), ct) == 1)
        {
            TempData["Status"] = "Cancelling: the messages processed so far stay processed; the rest of the file is not read.";
        }
        return RedirectToPage(new { id });
    }
}
