using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReOptIn.Core.Campaigns;
using ReOptIn.Web.Campaigns;

namespace ReOptIn.Web.Pages.Admin.Dispatch;

/// <summary>An admin launches an approved campaign (after a confirmation step), pauses and resumes it.</summary>
public sealed class IndexModel(CampaignDrafts drafts, CampaignDispatch dispatch) : PageModel
{
    public Campaign Campaign { get; private set; } = null!;

    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostLaunchAsync(int id, CancellationToken ct) => ActAsync(id, dispatch.LaunchAsync, "Launched: the requests are going out.", ct);

    public Task<IActionResult> OnPostPauseAsync(int id, CancellationToken ct) => ActAsync(id, dispatch.PauseAsync, "Paused. Messages already handed to the relay still go out.", ct);

    public Task<IActionResult> OnPostResumeAsync(int id, CancellationToken ct) => ActAsync(id, dispatch.ResumeAsync, "Resumed.", ct);

    private async Task<IActionResult> ActAsync(int id, Func<Campaign, CancellationToken, Task<CampaignOutcome>> act, string done, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var outcome = await act(Campaign, ct);
        if (!outcome.Ok)
        {
            Refusal = outcome.Problem;
            return Page();
        }
        TempData["Status"] = done;
        return RedirectToPage("/Campaigns/Details", new { id });
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (await drafts.LoadAsync(id, ct) is not { } campaign) return false;
        Campaign = campaign;
        return true;
    }
}
