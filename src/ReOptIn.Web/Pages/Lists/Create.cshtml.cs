using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReOptIn.Core.Accounts;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Contacts;
using ReOptIn.Core.Data;
using ReOptIn.Web.Auditing;

namespace ReOptIn.Web.Pages.Lists;

public sealed class CreateModel(ReOptInDb db, UserManager<AppUser> users, AuditTrail audit, TimeProvider clock) : PageModel
{
    [BindProperty] public ListInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var list = new ContactList(Input.Name.Trim(), Input.Source.Trim(), clock.GetUtcNow().UtcDateTime) { CreatedByUserId = users.GetUserId(User) };
        db.Lists.Add(list);
        audit.Record(AuditActions.ListCreated, list.Name);
        await db.SaveChangesAsync(ct);
        TempData["Status"] = $"List “{list.Name}” created. Now upload its file.";
        return RedirectToPage("Details", new { id = list.Id });
    }

    public sealed class ListInput
    {
        [Required, StringLength(200), Display(Name = "Name")]
        public string Name { get; set; } = "";

        [Required, StringLength(1000), Display(Name = "How did you get these addresses?")]
        public string Source { get; set; } = "";
    }
}
