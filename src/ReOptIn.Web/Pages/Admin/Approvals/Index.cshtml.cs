using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Data;

namespace ReOptIn.Web.Pages.Admin.Approvals;

public sealed class IndexModel(ReOptInDb db) : PageModel
{
    public sealed record Row(int Id, string Name, DateTime? SubmittedAt, string? SubmittedBy);

    public IReadOnlyList<Row> Waiting { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Waiting = await db.Campaigns.AsNoTracking().Where(c => c.Status == CampaignStatus.Submitted).OrderBy(c => c.SubmittedAt)
            .Select(c => new Row(c.Id, c.Name, c.SubmittedAt, db.Users.Where(u => u.Id == c.SubmittedByUserId).Select(u => u.Email).FirstOrDefault()))
            .ToListAsync(ct);
}
