using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Data;
using ReOptIn.Core.Sending;
using ReOptIn.Web.Auditing;

namespace ReOptIn.Web.Pages.Admin.Senders;

public sealed class IndexModel(ReOptInDb db, AuditTrail audit) : PageModel
{
    public sealed record Row(int Id, string Name, string From, string Relay, bool Dkim, int Campaigns);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Rows = await db.Senders.AsNoTracking().OrderBy(s => s.Name)
            .Select(s => new Row(s.Id, s.Name, s.FromName + " <" + s.FromAddress + ">", s.SmtpHost + ":" + s.SmtpPort,
                s.DkimPrivateKeyProtected != null, db.Campaigns.Count(c => c.SenderProfileId == s.Id)))
            .ToListAsync(ct);

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken ct)
    {
        var sender = await db.Senders.FindAsync([id], ct);
        if (sender is null) return NotFound();
        var used = await db.Campaigns.Where(c => c.SenderProfileId == id).Select(c => c.Name).ToListAsync(ct);
        if (used.Count > 0)
        {
            TempData["Status"] = $"“{sender.Name}” is used by {string.Join(", ", used.Select(n => $"“{n}”"))}; choose another sender there first.";
            return RedirectToPage();
        }
        db.Senders.Remove(sender);
        audit.Record(AuditActions.SenderDeleted, sender.Name);
        await db.SaveChangesAsync(ct);
        TempData["Status"] = $"“{sender.Name}” was deleted, with its stored password and key.";
        return RedirectToPage();
    }
}
