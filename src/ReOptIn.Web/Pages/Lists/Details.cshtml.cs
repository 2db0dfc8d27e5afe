using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Accounts;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Contacts;
using ReOptIn.Core.Data;
using ReOptIn.Core.Importing;
using ReOptIn.Web.Api;
using ReOptIn.Web.Auditing;
using ReOptIn.Web.Importing;

namespace ReOptIn.Web.Pages.Lists;

public sealed class DetailsModel(ReOptInDb db, ImportOptions options, UserManager<AppUser> users, AuditTrail audit, TimeProvider clock) : PageModel
{
    private const int PageSize = 50;

    public ContactList List { get; private set; } = null!;

    public IReadOnlyList<ImportJob> Imports { get; private set; } = [];

    public ListEndpoints.ContactPage Contacts { get; private set; } = new(0, 0, 0, []);

    public int Excluded { get; private set; }

    /// <summary>All completed imports added up by reason, and what campaigns got from this list.</summary>
    public ReOptIn.Core.Reporting.ListReport Report { get; private set; } = null!;

    public int PageNumber { get; private set; } = 1;

    public int PageCount => Math.Max(1, (Contacts.Total + PageSize - 1) / PageSize);

    public string MaxUpload => ImportService.Size(options.MaxUploadBytes);

    /// <summary>Why the last upload was not taken in (a full disk, a file past the limit), when the upload sent the user back here.</summary>
    public string? UploadError { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, int? p, string? uploadError, CancellationToken ct)
    {
        UploadError = Core.Importing.Parsing.ImportFileErrors.UploadFailure(uploadError);
        var list = await db.Lists.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, ct);
        if (list is null) return NotFound();
        List = list;
        PageNumber = Math.Max(1, p ?? 1);
        Imports = await db.ImportJobs.AsNoTracking().Where(j => j.ListId == id).OrderByDescending(j => j.Id).Take(20).ToListAsync(ct);
        Contacts = await ListContacts.PageAsync(db, list, (PageNumber - 1) * PageSize, PageSize, ct);
        Excluded = await db.Memberships.CountAsync(m => m.ListId == id && m.Contact!.Jurisdiction != null, ct);
        Report = await ReOptIn.Core.Reporting.ListReport.BuildAsync(db, id, ct);
        return Page();
    }

    /// <summary>Admins only: the basis for asking UK (PECR) and Canadian (CASL) contacts.</summary>
    public async Task<IActionResult> OnPostLawfulBasisAsync(int id, string? basis, CancellationToken ct)
    {
        if (!User.IsInRole(Roles.Admin)) return Forbid();
        var list = await db.Lists.SingleOrDefaultAsync(l => l.Id == id, ct);
        if (list is null) return NotFound();
        basis = string.IsNullOrWhiteSpace(basis) ? null : basis.Trim()[..Math.Min(basis.Trim().Length, 1000)];
        list.LawfulBasis = basis;
        list.LawfulBasisRecordedAt = basis is null ? null : clock.GetUtcNow().UtcDateTime;
        list.LawfulBasisRecordedByUserId = basis is null ? null : users.GetUserId(User);
        audit.Record(AuditActions.LawfulBasisRecorded, list.Name, basis ?? "(withdrawn)");
        await db.SaveChangesAsync(ct);
        TempData["Status"] = basis is null ? "The lawful basis was withdrawn: UK and Canadian contacts are excluded." : "Lawful basis recorded.";
        return RedirectToPage(new { id });
    }
}
