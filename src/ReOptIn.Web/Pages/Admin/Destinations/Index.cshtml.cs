using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Data;
using ReOptIn.Core.HandOff;
using ReOptIn.Web.Auditing;
using ReOptIn.Web.HandOff;

namespace ReOptIn.Web.Pages.Admin.Destinations;

public sealed class IndexModel(ReOptInDb db, AuditTrail audit) : PageModel
{
    public sealed record Row(int Id, string Name, string Type, string? Url, int Pending, int Delivered, int Failed);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>Confirmations waiting for a first destination.</summary>
    public int Waiting { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var destinations = await db.Destinations.AsNoTracking().OrderBy(d => d.Name).ToListAsync(ct);
        var counts = await db.HandOffDeliveries.GroupBy(d => new { d.DestinationId, d.Status })
            .Select(g => new { g.Key.DestinationId, g.Key.Status, Count = g.Count() }).ToListAsync(ct);
        int Count(int id, params DeliveryStatus[] statuses) => counts.Where(c => c.DestinationId == id && statuses.Contains(c.Status)).Sum(c => c.Count);
        Rows = destinations.Select(d => new Row(d.Id, d.Name, DestinationChanges.TypeName(d.Type), d.Url,
            Count(d.Id, DeliveryStatus.Pending, DeliveryStatus.Delivering), Count(d.Id, DeliveryStatus.Delivered), Count(d.Id, DeliveryStatus.Failed))).ToList();
        Waiting = await db.HandOffEvents.CountAsync(e => e.FannedOutAt == null, ct);
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken ct)
    {
        var destination = await db.Destinations.FindAsync([id], ct);
        if (destination is null) return NotFound();
        db.Destinations.Remove(destination);
        audit.Record(AuditActions.DestinationDeleted, destination.Name);
        await db.SaveChangesAsync(ct);
        TempData["Status"] = $"“{destination.Name}” was deleted, with its stored secret and its deliveries.";
        return RedirectToPage();
    }
}
