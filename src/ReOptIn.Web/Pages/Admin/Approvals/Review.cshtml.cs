using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Composing;
using ReOptIn.Core.Composing.Linting;
using ReOptIn.Core.Composing.Rendering;
using ReOptIn.Web.Campaigns;

namespace ReOptIn.Web.Pages.Admin.Approvals;

/// <summary>An admin reads the request as a contact will, with every finding, and approves that exact content.</summary>
public sealed class ReviewModel(CampaignDrafts drafts, CampaignPreview preview) : PageModel
{
    public Campaign Campaign { get; private set; } = null!;

    public IReadOnlyList<LintFinding> Findings { get; private set; } = [];

    public RenderedRequest? Preview { get; private set; }

    public string? PreviewProblem { get; private set; }

    [BindProperty] public bool AcknowledgeWarnings { get; set; }

    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostApproveAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var outcome = await drafts.ApproveAsync(Campaign, AcknowledgeWarnings, User, ct);
        if (!outcome.Ok)
        {
            Refusal = outcome.Problem;
            return Page();
        }
        TempData["Status"] = "Approved. The content is frozen: any change needs a new approval.";
        return RedirectToPage("/Campaigns/Details", new { id });
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (await drafts.LoadAsync(id, ct) is not { } campaign) return false;
        Campaign = campaign;
        Findings = await drafts.FindingsAsync(campaign, ct);
        try
        {
            var contact = await preview.ContactAsync(campaign, null, ct) ?? CampaignPreview.Sample;
            Preview = preview.Render(campaign, contact);
        }
        catch (TemplateProblemException e)
        {
            PreviewProblem = e.Message;
        }
        return true;
    }
}
