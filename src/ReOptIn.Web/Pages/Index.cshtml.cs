using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Data;

namespace ReOptIn.Web.Pages;

public sealed class IndexModel(ReOptInDb db) : PageModel
{
    public int Lists { get; private set; }

    public int Contacts { get; private set; }

    public int Campaigns { get; private set; }

    public int Asked { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Lists = await db.Lists.CountAsync(ct);
        Contacts = await db.Contacts.CountAsync(ct);
        Campaigns = await db.Campaigns.CountAsync(ct);
        Asked = await db.AskedRegistry.CountAsync(ct);
    }
}
