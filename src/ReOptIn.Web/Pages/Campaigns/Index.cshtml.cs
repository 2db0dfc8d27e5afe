using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Data;

namespace ReOptIn.Web.Pages.Campaigns;

public sealed class IndexModel(ReOptInDb db) : PageModel
{
    public sealed record Row(int Id, string Name, CampaignStatus Status, string? Sender, int Lists, DateTime UpdatedAt);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Rows = await db.Campaigns.AsNoTracking().OrderByDescending(c => c.UpdatedAt)
            .Select(c => new Row(c.Id, c.Name, c.Status, c.Sender != null ? c.Sender.Name : null, c.Lists.Count, c.UpdatedAt))
            .ToListAsync(ct);
}
