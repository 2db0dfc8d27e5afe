using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Data;
using ReOptIn.Core.HandOff;
using ReOptIn.Web.Auditing;

namespace ReOptIn.Web.Pages.Admin.Destinations;

public sealed class EditModel(ReOptInDb db, DestinationSecrets secrets, DestinationProbe probe, AuditTrail audit, HandOffSignal signal, TimeProvider clock) : PageModel
{
    [BindProperty] public DestinationForm Input { get; set; } = new();

    public Destination? Destination { get; private set; }

    public DeliveryResult? TestResult { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        if (id is null) return Page();
        if (!await LoadAsync(id.Value, ct)) return NotFound();
        Input = DestinationForm.From(Destination!);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(int? id, CancellationToken ct)
    {
        if (id is not null && !await LoadAsync(id.Value, ct)) return NotFound();
        if (Destination is not null) Input.Type = Web.HandOff.DestinationChanges.TypeName(Destination.Type);
        var changes = Input.ToChanges();
        var errors = changes.Validate(Destination);
        if (errors.Count == 0 && await db.Destinations.AnyAsync(d => d.Id != (id ?? 0) && d.Name == changes.Name!.Trim(), ct))
            errors["name"] = ["Another destination has this name."];
        if (!ModelState.IsValid || errors.Count > 0)
        {
            foreach (var (field, messages) in errors)
                ModelState.AddModelError($"{nameof(Input)}.{DestinationForm.FieldNames.GetValueOrDefault(field, field)}", messages[0]);
            return Page();
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var destination = Destination ?? db.Destinations.Add(new Destination(changes.Name!.Trim(), changes.ParsedType!.Value, now)).Entity;
        changes.ApplyTo(destination, secrets, now);
        audit.Record(Destination is null ? AuditActions.DestinationCreated : AuditActions.DestinationChanged, destination.Name,
            string.IsNullOrWhiteSpace(changes.Secret) ? null : "secret set");
        await db.SaveChangesAsync(ct);
        signal.Notify();
        TempData["Status"] = $"“{destination.Name}” was saved.";
        return RedirectToPage(new { id = destination.Id });
    }

    /// <summary>Webhook: a signed test event. Services: a read of the configured list.</summary>
    public async Task<IActionResult> OnPostTestAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Input = DestinationForm.From(Destination!);
        TestResult = await probe.TestAsync(Destination!, ct);
        await audit.RecordNowAsync(AuditActions.DestinationTested, Destination!.Name, TestResult.Ok ? "ok" : TestResult.Message, ct: ct);
        return Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        Destination = await db.Destinations.SingleOrDefaultAsync(d => d.Id == id, ct);
        return Destination is not null;
    }
}
