using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Data;
using ReOptIn.Core.Sending;
using ReOptIn.Web.Auditing;
using ReOptIn.Web.Senders;

namespace ReOptIn.Web.Pages.Admin.Senders;

public sealed class EditModel(ReOptInDb db, SenderSecrets secrets, AuditTrail audit, TimeProvider clock) : PageModel
{
    [BindProperty] public SenderForm Input { get; set; } = new();

    public SenderProfile? Sender { get; private set; }

    public SenderView? View { get; private set; }

    public RelayTestResult? TestResult { get; private set; }

    /// <summary>The sender's bounce mailbox, for its status card.</summary>
    public ReOptIn.Core.Bounces.Intake.BounceMailbox? Mailbox { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        if (id is null) return Page();
        if (!await LoadAsync(id.Value, ct)) return NotFound();
        Input = SenderForm.From(Sender!);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(int? id, CancellationToken ct)
    {
        if (id is not null && !await LoadAsync(id.Value, ct)) return NotFound();
        var changes = Input.ToChanges();
        var errors = changes.Validate(hasStoredDkimKey: Sender?.DkimPrivateKeyProtected is not null);
        if (errors.Count == 0 && await db.Senders.AnyAsync(s => s.Id != (id ?? 0) && s.Name == changes.Name!.Trim(), ct))
            errors["name"] = ["Another sender has this name."];
        if (!ModelState.IsValid || errors.Count > 0)
        {
            foreach (var (field, messages) in errors)
                ModelState.AddModelError($"{nameof(Input)}.{SenderForm.FieldNames.GetValueOrDefault(field, field)}", messages[0]);
            return Page();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var sender = Sender ?? db.Senders.Add(new SenderProfile(changes.Name!.Trim(), now)).Entity;
        changes.ApplyTo(sender, secrets, now);
        audit.Record(Sender is null ? AuditActions.SenderCreated : AuditActions.SenderChanged, sender.Name);
        await db.SaveChangesAsync(ct);
        TempData["Status"] = $"“{sender.Name}” was saved.";
        return RedirectToPage(new { id = sender.Id });
    }

    /// <summary>A new 2048-bit key, stored encrypted at once; the page then shows the TXT record to publish.</summary>
    public async Task<IActionResult> OnPostGenerateKeyAsync(int id, string? dkimDomain, string? dkimSelector, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var probe = SenderChanges.ForDkim(dkimDomain, dkimSelector).Validate(hasStoredDkimKey: true);
        var dkimErrors = probe.Where(e => e.Key.StartsWith("dkim.", StringComparison.Ordinal)).ToList();
        if (dkimErrors.Count > 0)
        {
            Input = SenderForm.From(Sender!);
            Input.DkimDomain = dkimDomain;
            Input.DkimSelector = dkimSelector;
            foreach (var (field, messages) in dkimErrors)
                ModelState.AddModelError($"{nameof(Input)}.{SenderForm.FieldNames[field]}", messages[0]);
            return Page();
        }
        Sender!.DkimDomain = dkimDomain!.Trim().TrimEnd('.').ToLowerInvariant();
        Sender.DkimSelector = dkimSelector!.Trim().ToLowerInvariant();
        Sender.DkimPrivateKeyProtected = secrets.Protect(DkimKeys.Generate().PrivateKeyPem);
        Sender.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        audit.Record(AuditActions.SenderChanged, Sender.Name, "new DKIM key generated");
        await db.SaveChangesAsync(ct);
        TempData["Status"] = "A new 2048-bit key was generated and stored. Publish the TXT record below before sending.";
        return RedirectToPage(new { id });
    }

    /// <summary>Tries the stored settings: DNS, connection, TLS, authentication.</summary>
    public async Task<IActionResult> OnPostTestConnectionAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Input = SenderForm.From(Sender!);
        TestResult = await RelayConnectionTest.RunAsync(secrets.Relay(Sender!), TimeSpan.FromSeconds(15), ct);
        await audit.RecordNowAsync(AuditActions.SenderTested, Sender!.Name, TestResult.Ok ? "ok" : TestResult.Problem?.ToString(), ct: ct);
        return Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        Sender = await db.Senders.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (Sender is null) return false;
        View = SenderView.Of(Sender, secrets);
        Mailbox = await db.BounceMailboxes.AsNoTracking().SingleOrDefaultAsync(m => m.SenderProfileId == id, ct);
        return true;
    }
}
