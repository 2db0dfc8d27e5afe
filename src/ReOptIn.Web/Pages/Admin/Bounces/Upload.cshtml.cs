using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Bounces.Intake;
using ReOptIn.Core.Bounces.Uploads;
using ReOptIn.Core.Data;
using ReOptIn.Core.Importing;
using ReOptIn.Core.Importing.Parsing;

namespace ReOptIn.Web.Pages.Admin.Bounces;

/// <summary>
/// Returned messages saved from a mail client: one .eml or a whole .mbox. The page checks and stores
/// the file and queues a job; the <see cref="BounceUploadWorker"/> processes it, each message like the
/// mailbox's, while the job page shows the progress.
/// </summary>
public sealed class UploadModel(ReOptInDb db, BounceIntakeOptions options, ImportOptions storage, BounceUploadSignal signal, TimeProvider clock) : PageModel
{
    public long MaxUploadBytes => options.MaxUploadBytes;

    public string? Error { get; private set; }

    public IReadOnlyList<BounceUploadJob> Recent { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Recent = await RecentAsync(ct);

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        Error = await CheckAsync(file);
        if (Error is not null)
        {
            Recent = await RecentAsync(ct);
            return Page();
        }

        // Kept beside the imports' uploads until the job ends; the name is ours, never the uploader's.
        var path = Path.Combine(storage.Folder, $"bounces-{Guid.NewGuid():N}.mail");
        try
        {
            await using (var content = file!.OpenReadStream())
            await using (var stored = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                await content.CopyToAsync(stored, ct);
            var name = Path.GetFileName(file.FileName.Replace('\\', '/'));
            var job = new BounceUploadJob(name.Length > 260 ? name[..260] : name, path, file.Length,
                User.FindFirstValue(ClaimTypes.NameIdentifier), clock.GetUtcNow().UtcDateTime);
            db.BounceUploadJobs.Add(job);
            await db.SaveChangesAsync(ct);
            signal.Notify();
            return RedirectToPage("UploadJob", new { id = job.Id });
        }
        catch (IOException e)
        {
            System.IO.File.Delete(path);
            Error = ImportFileErrors.NotStored(e).Message;
            Recent = await RecentAsync(ct);
            return Page();
        }
        catch
        {
            System.IO.File.Delete(path);
            throw;
        }
    }

    /// <summary>What is wrong with the file, in plain words; null when it can be queued.</summary>
    private async Task<string?> CheckAsync(IFormFile? file)
    {
        if (file is null) return "Choose a .eml or .mbox file.";
        if (file.Length == 0) return "The file is empty.";
        if (file.Length > options.MaxUploadBytes)
            return $"The file is {Size(file.Length)}; the limit is {Size(options.MaxUploadBytes)} (Bounces:MaxUploadBytes). Split the mailbox into smaller files.";
        // Above 64 KB the form reader keeps the file on disk: only its start is read here.
        await using var stream = file.OpenReadStream();
        return BounceFile.Check(stream);
    }

    private async Task<List<BounceUploadJob>> RecentAsync(CancellationToken ct)
    {
        var recent = await db.BounceUploadJobs.AsNoTracking().OrderByDescending(j => j.Id).Take(10).ToListAsync(ct);
        Uploaders = await UploaderNames.ForAsync(db, recent.Select(j => j.UploadedByUserId), ct);
        return recent;
    }

    private Dictionary<string, string> Uploaders { get; set; } = [];

    /// <summary>Who uploaded <paramref name="job"/>: the account's name.</summary>
    public string UploaderOf(BounceUploadJob job) => UploaderNames.Name(Uploaders, job.UploadedByUserId);

    public static string Size(long bytes) => bytes >= 1 << 20
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB")
        : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, bytes / 1024)} KB");
}
