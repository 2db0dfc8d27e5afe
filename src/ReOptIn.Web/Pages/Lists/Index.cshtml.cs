using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Data;

namespace ReOptIn.Web.Pages.Lists;

public sealed class IndexModel(ReOptInDb db) : PageModel
{
    public sealed record Row(int Id, string Name, string Source, int Contacts, string? LastImport);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var lists = await db.Lists.AsNoTracking().OrderByDescending(l => l.CreatedAt)
            .Select(l => new
            {
                l.Id, l.Name, l.Source,
                Contacts = l.Memberships.Count,
                Last = db.ImportJobs.Where(j => j.ListId == l.Id).OrderByDescending(j => j.Id).Select(j => new { j.Status, j.FileName }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        Rows = lists.Select(l => new Row(l.Id, l.Name, l.Source, l.Contacts,
            l.Last is null ? null : $"{l.Last.FileName}: {l.Last.Status.ToString().ToLowerInvariant()}")).ToList();
    }
}
