using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Bounces;
using ReOptIn.Core.Bounces.Intake;
using ReOptIn.Core.Compliance;
using ReOptIn.Core.Data;
using ReOptIn.Web.Auditing;

namespace ReOptIn.Web.Pages.Admin.Bounces;

/// <summary>Returned messages saved from a mail client: one .eml or a whole .mbox, each processed like the mailbox's.</summary>
public sealed class UploadModel(ReOptInDb db, AddressHasher hasher, AuditTrail audit, BounceIntakeOptions options, TimeProvider clock,
    ILogger<UploadModel> log) : PageModel
{
    public long MaxUploadBytes => options.MaxUploadBytes;

    public string? Error { get; private set; }

    public Summary? Result { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null)
        {
            Error = "Choose a .eml or .mbox file.";
            return Page();
        }
        if (file.Length == 0)
        {
            Error = "The file is empty.";
            return Page();
        }
        if (file.Length > options.MaxUploadBytes)
        {
            Error = $"The file is {Size(file.Length)}; the limit is {Size(options.MaxUploadBytes)} (Bounces:MaxUploadBytes). Split the mailbox into smaller files.";
            return Page();
        }
        // Above 64 KB the form reader keeps the file on disk: it is read from there, message by message.
        await using var stream = file.OpenReadStream();
        if (BounceFile.Check(stream) is { } problem)
        {
            Error = problem;
            return Page();
        }

        var summary = new Summary(Path.GetFileName(file.FileName));
        var actor = (User.FindFirstValue(ClaimTypes.NameIdentifier), User.Identity?.Name ?? "unknown");
        await foreach (var raw in BounceFile.ReadAsync(stream, options.MaxMessageBytes, ct))
        {
            try
            {
                summary.Count(await BounceIntake.ProcessAsync(db, hasher, raw, "upload", clock.GetUtcNow().UtcDateTime, actor, ct));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // One message the database refused must not lose the summary of the others.
            catch (Exception e)
#pragma warning restore CA1031
            {
                summary.Failed++;
                log.LogWarning(e, "Uploaded bounce file: message {Number} could not be processed.", summary.Messages + summary.Failed);
            }
        }
        if (summary.Messages + summary.Failed == 0)
        {
            Error = "The file holds no message.";
            return Page();
        }
        await audit.RecordNowAsync(AuditActions.BouncesUploaded, summary.FileName, summary.AuditText(), ct: ct);
        Result = summary;
        return Page();
    }

    public static string Size(long bytes) => bytes >= 1 << 20
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB")
        : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, bytes / 1024)} KB");

    /// <summary>What an upload did: counts per class and per action.</summary>
    public sealed class Summary(string fileName)
    {
        public string FileName { get; } = fileName;

        public int Messages { get; private set; }

        public int AlreadyProcessed { get; private set; }

        public int Failed { get; set; }

        public SortedDictionary<BounceClass, int> ByClass { get; } = [];

        public SortedDictionary<BounceAction, int> ByAction { get; } = [];

        public int ToReview => ByAction.GetValueOrDefault(BounceAction.NeedsReview);

        public void Count(ProcessedBounce p)
        {
            Messages++;
            if (p.AlreadyProcessed)
            {
                AlreadyProcessed++;
                return;
            }
            ByClass[p.Report.Class] = ByClass.GetValueOrDefault(p.Report.Class) + 1;
            ByAction[p.Report.Action] = ByAction.GetValueOrDefault(p.Report.Action) + 1;
        }

        public string AuditText() => string.Create(CultureInfo.InvariantCulture,
            $"{Messages} message(s): {string.Join(", ", ByAction.Select(a => $"{a.Value} {a.Key}"))}; {AlreadyProcessed} already processed; {Failed} failed");
    }
}
