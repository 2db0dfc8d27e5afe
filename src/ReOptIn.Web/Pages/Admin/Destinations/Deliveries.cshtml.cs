using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Data;
using ReOptIn.Core.HandOff;
using ReOptIn.Web.Auditing;

namespace ReOptIn.Web.Pages.Admin.Destinations;

/// <summary>A destination's deliveries, newest first; the failed ones are the dead-letter list and can be replayed.</summary>
public sealed class DeliveriesModel(ReOptInDb db, AuditTrail audit, HandOffSignal signal, TimeProvider clock) : PageModel
{
    public const int PageSize = 200;

    public sealed record Row(long EventId, long RequestId, DeliveryStatus Status, int Attempts, string? LastError, DateTime CreatedAt, DateTime? NextAttemptAt, DateTime? DeliveredAt);

    public Destination? Destination { get; private set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public string? Status { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        Destination = await db.Destinations.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct);
        if (Destination is null) return NotFound();
        DeliveryStatus? wanted = Enum.TryParse<DeliveryStatus>(Status, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : null;
        Rows = await db.HandOffDeliveries.AsNoTracking().Where(d => d.DestinationId == id && (wanted == null || d.Status == wanted))
            .OrderByDescending(d => d.EventId).Take(PageSize)
            .Select(d => new Row(d.EventId, d.Event!.RequestId, d.Status, d.Attempts, d.LastError, d.CreatedAt, d.NextAttemptAt, d.DeliveredAt))
            .ToListAsync(ct);
        return Page();
    }

    /// <summary>Replays one failed delivery, or every failed one when <paramref name="eventId"/> is missing.</summary>
    public async Task<IActionResult> OnPostReplayAsync(int id, long? eventId, CancellationToken ct)
    {
        var destination = await db.Destinations.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct);
        if (destination is null) return NotFound();
        var count = await DeadLetters.ReplayAsync(db, id, eventId, clock.GetUtcNow().UtcDateTime, ct);
        if (count > 0) signal.Notify();
        if (count > 0)
            await audit.RecordNowAsync(AuditActions.DeliveryReplayed, destination.Name, eventId is null ? $"{count} failed deliveries" : $"event {eventId}", ct: ct);
        TempData["Status"] = count == 0 ? "Nothing to replay: only failed deliveries can be replayed." : $"{count} delivery(ies) queued again.";
        return RedirectToPage(new { id, status = Status });
    }
}
