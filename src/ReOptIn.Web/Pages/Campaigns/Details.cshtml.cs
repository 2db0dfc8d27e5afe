using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReOptIn.Core.Auditing;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Composing;
using ReOptIn.Core.Composing.Linting;
using ReOptIn.Core.Composing.Rendering;
using ReOptIn.Core.Security;
using ReOptIn.Core.Sending;
using ReOptIn.Web.Auditing;
using ReOptIn.Web.Campaigns;
using ReOptIn.Web.Senders;

namespace ReOptIn.Web.Pages.Campaigns;

/// <summary>A campaign: its checks, the preview as any contact, the test send, and submission.</summary>
public sealed class DetailsModel(CampaignDrafts drafts, CampaignPreview preview, AuditTrail audit, ReOptIn.Core.Data.ReOptInDb db, TimeProvider clock) : PageModel
{
    public Campaign Campaign { get; private set; } = null!;

    public IReadOnlyList<LintFinding> Findings { get; private set; } = [];

    public CampaignPreview.PreviewContact? PreviewContact { get; private set; }

    public RenderedRequest? Preview { get; private set; }

    /// <summary>Whom the preview can show (the first contacts of the lists).</summary>
    public IReadOnlyList<CampaignPreview.PreviewContact> Choices { get; private set; } = [];

    public string? PreviewProblem { get; private set; }

    [BindProperty(SupportsGet = true)] public long? ContactId { get; set; }

    /// <summary>Sending progress, once launched.</summary>
    public CampaignProgress? Progress { get; private set; }

    [BindProperty] public string? TestTo { get; set; }

    public string? TestSendResult { get; private set; }

    public bool TestSendFailed { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    /// <summary>The progress fragment alone, for the page's live refresh.</summary>
    public async Task<IActionResult> OnGetProgressAsync(int id, CancellationToken ct)
    {
        if (await drafts.LoadAsync(id, ct) is not { LaunchedAt: not null } campaign) return NotFound();
        return Partial("_Progress", await CampaignProgress.OfAsync(db, campaign, clock.GetUtcNow().UtcDateTime, ct));
    }

    public async Task<IActionResult> OnPostTestSendAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!SenderChanges.IsAddress(TestTo)) ModelState.AddModelError(nameof(TestTo), "Enter the one address the test goes to.");
        else if (Campaign.Sender is null) ModelState.AddModelError(nameof(TestTo), "Choose a sender first: the test goes through its relay.");
        else if (PreviewContact is null || Preview is null) ModelState.AddModelError(nameof(TestTo), PreviewProblem ?? "Nothing to send.");
        if (!ModelState.IsValid) return Page();

        var to = TestTo!.Trim();
        try
        {
            await preview.TestSendAsync(Campaign, PreviewContact!, to, clock, ct);
            await audit.RecordNowAsync(AuditActions.CampaignTestSent, Campaign.Name, $"to {EmailMask.Mask(to)}", ct: ct);
            TestSendResult = $"The relay accepted the test for {to}. Check its inbox (and its spam folder).";
        }
        catch (RelayException e)
        {
            TestSendFailed = true;
            TestSendResult = e.Message;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostSubmitAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var outcome = await drafts.SubmitAsync(Campaign, User, ct);
        TempData["Status"] = outcome.Ok ? "Submitted: an admin can now review and approve it." : outcome.Problem;
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostReturnToDraftAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var outcome = await drafts.ReturnToDraftAsync(Campaign, ct);
        TempData["Status"] = outcome.Ok ? "The campaign is a draft again." : outcome.Problem;
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (await drafts.LoadAsync(id, ct) is not { } campaign) return false;
        Campaign = campaign;
        Findings = await drafts.FindingsAsync(campaign, ct);
        if (campaign.LaunchedAt is not null) Progress = await CampaignProgress.OfAsync(db, campaign, clock.GetUtcNow().UtcDateTime, ct);
        PreviewContact = await preview.ContactAsync(campaign, ContactId, ct);
        Choices = await preview.ChoicesAsync(campaign, 50, ct);
        if (PreviewContact is null)
        {
            PreviewProblem = "This contact is not in the campaign's lists.";
            return true;
        }
        try
        {
            Preview = preview.Render(campaign, PreviewContact);
        }
        catch (TemplateProblemException e)
        {
            PreviewProblem = e.Message;
        }
        return true;
    }
}
