using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Compliance;
using ReOptIn.Core.Confirming;
using ReOptIn.Web.Confirming;

namespace ReOptIn.Web.Pages.Respond;

/// <summary>
/// <c>/d/{token}</c>: "remove me". The GET shows one button and changes nothing; the POST declines
/// and suppresses the address. It works after the deadline and after a confirmation too.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[EnableRateLimiting(PublicPagesSetup.RateLimitPolicy)]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class DeclineModel(ConfirmationService confirming, IAntiforgery antiforgery) : PublicPageModel(confirming, antiforgery)
{
    public bool Done { get; private set; }

    public async Task OnGetAsync(string token)
    {
        if (!await LoadAsync(token, closedIsFinal: false) || AlreadyDeclined()) return;
        ViewData["Title"] = Text.DeclineTitle;
    }

    public async Task OnPostAsync(string token)
    {
        if (!await LoadAsync(token, closedIsFinal: false) || !await AntiforgeryIsValidAsync() || AlreadyDeclined()) return;
        var outcome = await Confirming.DeclineAsync(Link.Request!, SuppressionReason.Declined, HttpContext.RequestAborted);
        if (outcome == DeclineOutcome.AlreadyDeclined)
        {
            AlreadyDeclined(force: true);
            return;
        }
        Done = true;
        ViewData["Title"] = Text.DeclinedTitle;
    }

    private bool AlreadyDeclined(bool force = false) =>
        (force || StateTransitions.Suppresses(Link.Request!.State))
        && !Fail(new Notice(Text.AlreadyDeclinedTitle, Text.Format(Text.AlreadyDeclinedBody, SenderName)));
}
