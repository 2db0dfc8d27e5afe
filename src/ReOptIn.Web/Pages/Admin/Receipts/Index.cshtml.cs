using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Confirming;
using ReOptIn.Core.Data;

namespace ReOptIn.Web.Pages.Admin.Receipts;

/// <summary>A campaign's consent receipts, newest first, searchable by address.</summary>
public sealed class IndexModel(ReOptInDb db) : PageModel
{
    public const int PageSize = 200;

    public int CampaignId { get; private set; }

    public string CampaignName { get; private set; } = "";

    public int Total { get; private set; }

    public IReadOnlyList<ConsentReceipt> Receipts { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Email { get; set; }

    public async Task<IActionResult> OnGetAsync(int campaignId, CancellationToken ct)
    {
        var name = await db.Campaigns.Where(c => c.Id == campaignId).Select(c => c.Name).FirstOrDefaultAsync(ct);
        if (name is null) return NotFound();
        (CampaignId, CampaignName) = (campaignId, name);
        var query = db.Receipts.AsNoTracking().Where(r => r.CampaignId == campaignId);
        Total = await query.CountAsync(ct);
        if (!string.IsNullOrWhiteSpace(Email))
        {
            var wanted = Email.Trim().ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL LOWER(); the culture overloads are not
            query = query.Where(r => r.Email.ToLower() == wanted);
#pragma warning restore CA1304, CA1311, CA1862
        }
        Receipts = await query.OrderByDescending(r => r.SubmittedAt).Take(PageSize).ToListAsync(ct);
        return Page();
    }
}
