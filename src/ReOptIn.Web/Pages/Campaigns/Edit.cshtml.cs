using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Composing;
using ReOptIn.Core.Composing.Linting;
using ReOptIn.Core.Data;
using ReOptIn.Web.Campaigns;

namespace ReOptIn.Web.Pages.Campaigns;

public sealed class EditModel(ReOptInDb db, CampaignDrafts drafts, TimeProvider clock) : PageModel
{
    [BindProperty] public CampaignForm Input { get; set; } = new();

    public Campaign? Campaign { get; private set; }

    public IReadOnlyList<SelectListItem> Senders { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Lists { get; private set; } = [];

    public IReadOnlyList<LintFinding> Findings { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        if (id is not null)
        {
            Campaign = await drafts.LoadAsync(id.Value, ct);
            if (Campaign is null) return NotFound();
            if (!Campaign.IsEditable) return RedirectToPage("Details", new { id });
            Input = CampaignForm.From(Campaign);
            Findings = await drafts.FindingsAsync(Campaign, ct);
        }
        else
        {
            var template = DefaultRequest.For("en");
            Input = new CampaignForm
            {
                Subject = template.Subject, BodyMarkdown = template.BodyMarkdown, Language = "en",
                ConsentStatement = "Yes, please send me these emails. I can unsubscribe at any time.",
                SenderId = await db.Senders.OrderBy(s => s.Id).Select(s => (int?)s.Id).FirstOrDefaultAsync(ct),
            };
        }
        await LoadChoicesAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(int? id, CancellationToken ct)
    {
        if (id is not null && (Campaign = await drafts.LoadAsync(id.Value, ct)) is null) return NotFound();
        if (ModelState.IsValid)
        {
            var statusBefore = Campaign?.Status;
            var outcome = await drafts.SaveAsync(Campaign, Input.ToChanges(), User, ct);
            if (outcome.Errors is null)
            {
                TempData["Status"] = statusBefore is CampaignStatus.Submitted or CampaignStatus.Approved && outcome.Campaign!.Status == CampaignStatus.Draft
                    ? $"Saved. The content changed, so the campaign is a draft again ({statusBefore} no longer holds)."
                    : "Saved.";
                return RedirectToPage("Details", new { id = outcome.Campaign!.Id });
            }
            foreach (var (field, messages) in outcome.Errors)
                ModelState.AddModelError($"{nameof(Input)}.{CampaignForm.FieldNames.GetValueOrDefault(field, field)}", messages[0]);
        }
        await LoadChoicesAsync(ct);
        return Page();
    }

    /// <summary>The live check while typing: the findings for the form as it is, nothing saved.</summary>
    public async Task<IActionResult> OnPostLintAsync(CancellationToken ct)
    {
        var changes = Input.ToChanges() with { Name = string.IsNullOrWhiteSpace(Input.Name) ? "draft" : Input.Name };
        var sender = changes.SenderId is { } senderId ? await db.Senders.AsNoTracking().SingleOrDefaultAsync(s => s.Id == senderId, ct) : null;
        var lists = await db.Lists.AsNoTracking().Where(l => changes.ListIds.Contains(l.Id)).ToListAsync(ct);
        var draft = new Campaign("draft", clock.GetUtcNow().UtcDateTime);
        changes.ApplyTo(draft, sender, lists);
        return new JsonResult(FindingView.Of(await drafts.FindingsAsync(draft, ct)));
    }

    private async Task LoadChoicesAsync(CancellationToken ct)
    {
        Senders = await db.Senders.AsNoTracking().OrderBy(s => s.Name)
            .Select(s => new SelectListItem(s.Name + " — " + s.FromAddress, s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToListAsync(ct);
        Lists = await db.Lists.AsNoTracking().OrderBy(l => l.Name)
            .Select(l => new SelectListItem(l.Name, l.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToListAsync(ct);
    }
}
