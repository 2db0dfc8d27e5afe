using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using ReOptIn.Core.Campaigns;
using ReOptIn.Core.Confirming;
using ReOptIn.Web.Confirming;

namespace ReOptIn.Web.Pages.Respond;

/// <summary>
/// <c>/c/{token}</c>: the form. A GET (or HEAD) only records a visit; only the POST of the form
/// with the box ticked confirms, and writes the consent receipt.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[EnableRateLimiting(PublicPagesSetup.RateLimitPolicy)]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ConfirmModel(ConfirmationService confirming, IAntiforgery antiforgery) : PublicPageModel(confirming, antiforgery)
{
    public enum View { Form, Thanks, AlreadyConfirmed }

    public sealed class FormInput
    {
        public bool Consent { get; set; }

        public string? FirstName { get; set; }

        public string? LastName { get; set; }

        public List<string> Interests { get; set; } = [];
    }

    [BindProperty]
    public FormInput Input { get; set; } = new();

    public View Showing { get; private set; } = View.Form;

    public bool ConsentMissing { get; private set; }

    public IReadOnlyList<string> InterestOptions { get; private set; } = [];

    public string? IncentiveCode => Link.Campaign?.IncentiveCode is { Length: > 0 } code ? code : null;

    public async Task OnGetAsync(string token)
    {
        if (!await LoadAsync(token, closedIsFinal: true)) return;
        await Confirming.RecordVisitAsync(Link.Request!, Request.Method, ClientInfoReader.Read(HttpContext), HttpContext.RequestAborted);
        if (!CanShowForm(Link.Request!.State)) return;
        Prefill();
    }

    public async Task OnPostAsync(string token)
    {
        if (!await LoadAsync(token, closedIsFinal: true) || !await AntiforgeryIsValidAsync()) return;
        if (!CanShowForm(Link.Request!.State)) return;
        if (!Input.Consent)
        {
            // Nothing is saved; the form comes back with what was typed and says why.
            ConsentMissing = true;
            SetForm();
            return;
        }
        var input = new ConfirmInput(Input.FirstName, Input.LastName, Input.Interests);
        var outcome = await Confirming.ConfirmAsync(Link, input, ClientInfoReader.Read(HttpContext), Text.Code, HttpContext.RequestAborted);
        switch (outcome)
        {
            case ConfirmOutcome.Confirmed: Show(View.Thanks, Text.ThanksTitle); break;
            case ConfirmOutcome.AlreadyConfirmed: Show(View.AlreadyConfirmed, Text.AlreadyConfirmedTitle); break;
            case ConfirmOutcome.AlreadyDeclined: Fail(new Notice(Text.AlreadyDeclinedTitle, Text.Format(Text.AlreadyDeclinedBody, SenderName))); break;
            default: Fail(new Notice(Text.UnavailableTitle, Text.UnavailableBody)); break;
        }
    }

    /// <summary>False (with the right page chosen) when the request is past the form: confirmed, declined, or not sent.</summary>
    private bool CanShowForm(RequestState state)
    {
        if (StateTransitions.IsConsent(state))
        {
            Show(View.AlreadyConfirmed, Text.AlreadyConfirmedTitle);
            return false;
        }
        if (StateTransitions.Suppresses(state))
            return Fail(new Notice(Text.AlreadyDeclinedTitle, Text.Format(Text.AlreadyDeclinedBody, SenderName)));
        if (!StateTransitions.CanMove(state, RequestState.Confirmed))
            return Fail(new Notice(Text.UnavailableTitle, Text.UnavailableBody));
        SetForm();
        return true;
    }

    private void Prefill()
    {
        Input.FirstName = Link.Contact!.FirstName;
        Input.LastName = Link.Contact.LastName;
    }

    private void SetForm()
    {
        InterestOptions = ConfirmationService.InterestOptions(Link.Campaign!);
        ViewData["Title"] = Text.Format(Text.ConfirmTitle, SenderName);
    }

    private void Show(View view, string title)
    {
        Showing = view;
        ViewData["Title"] = title;
    }
}
