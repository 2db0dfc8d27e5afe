using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Accounts;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Bounces;
using ReOptIn.Core.Data;
using ReOptIn.Web.Auditing;

namespace ReOptIn.Web.Pages.Admin.Bounces;

/// <summary>Returned messages ReOptIn could not match or classify with confidence: an admin reads each and decides.</summary>
public sealed class IndexModel(ReOptInDb db, AuditTrail audit, UserManager<AppUser> users, TimeProvider clock) : PageModel
{
    public IReadOnlyList<BounceReport> Waiting { get; private set; } = [];

    public int Total { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var waiting = db.Bounces.AsNoTracking().Where(b => b.Action == BounceAction.NeedsReview && b.DecidedAt == null);
        Total = await waiting.CountAsync(ct);
        Waiting = await waiting.OrderBy(b => b.Id).Take(20).ToListAsync(ct);
    }

    /// <summary>
    /// Applies the admin's reading: <paramref name="decision"/> is hard, soft, complaint or none, for
    /// the request <paramref name="requestId"/> (required for hard and complaint).
    /// </summary>
    public async Task<IActionResult> OnPostDecideAsync(long id, string? decision, long? requestId, CancellationToken ct)
    {
        var report = await db.Bounces.SingleOrDefaultAsync(b => b.Id == id, ct);
        if (report is null) return NotFound();
        if (!Enum.TryParse<BounceClass>(decision, ignoreCase: true, out var decided) || decided == BounceClass.Unknown)
        {
            TempData["Status"] = "Choose hard, soft, complaint or not a bounce.";
            return RedirectToPage();
        }
        var request = requestId is null ? null : await db.Requests.SingleOrDefaultAsync(r => r.Id == requestId, ct);
        if (decided is BounceClass.Hard or BounceClass.Complaint && request is null)
        {
            TempData["Status"] = $"Message {id}: give the number of the request it is about (the id in bounces+ID@…), or choose another decision.";
            return RedirectToPage();
        }
        var now = clock.GetUtcNow().UtcDateTime;
        report.Action = await BounceProcessor.ActAsync(db, request, decided, now, ct);
        report.RequestId = request?.Id ?? report.RequestId;
        report.CampaignId = request?.CampaignId ?? report.CampaignId;
        report.DecidedAt = now;
        report.DecidedByUserId = users.GetUserId(User);
        report.RawMessage = null;   // decided: the message, with its addresses, is no longer needed
        audit.Record(AuditActions.BounceDecided, $"bounce {id}", $"{decided} → {report.Action}" + (request is null ? "" : $", request {request.Id}"));
        await db.SaveChangesAsync(ct);
        TempData["Status"] = $"Message {id}: {report.Action}.";
        return RedirectToPage();
    }
}
