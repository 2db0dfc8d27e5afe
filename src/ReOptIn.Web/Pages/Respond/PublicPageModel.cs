using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ReOptIn.Core.Confirming;
using ReOptIn.Core.Security;
using ReOptIn.Web.Confirming;

namespace ReOptIn.Web.Pages.Respond;

/// <summary>A short message instead of the form: an unknown link, a closed campaign, an expired form…</summary>
public sealed record Notice(string Title, string Body, bool OfferReload = false);

/// <summary>
/// What /c and /d share: the token lookup, the language, the layout's data and the friendly
/// notices. Antiforgery is checked in the handlers (the pages carry [IgnoreAntiforgeryToken]) so
/// that a missing token answers 400 with the contact's own page, in their language.
/// </summary>
public abstract class PublicPageModel(ConfirmationService confirming, IAntiforgery antiforgery) : PageModel
{
    protected ConfirmationService Confirming { get; } = confirming;

    [BindProperty(SupportsGet = true, Name = "lang")]
    public string? Lang { get; set; }

    public PublicText Text { get; private set; } = PublicText.En;

    public RequestLink Link { get; private set; } = RequestLink.Unknown;

    public Notice? Notice { get; private set; }

    public string SenderName => Link.Campaign?.Sender?.FromName is { Length: > 0 } name ? name : Link.Campaign?.Name ?? "";

    public string MaskedEmail => Link.Contact is { } c ? EmailMask.Mask(c.Email) : "";

    /// <summary>Finds the request; false (with the notice set) when the link leads nowhere usable.</summary>
    protected async Task<bool> LoadAsync(string token, bool closedIsFinal)
    {
        Link = await Confirming.FindAsync(token, HttpContext.RequestAborted);
        // Unknown and erased read the same, without the sender or the campaign's language: the page
        // must not tell whether an address was ever on a list.
        if (Link.Status == LinkStatus.Erased) Link = RequestLink.Unknown;
        Text = PublicText.For(Lang, Link.Campaign?.Language, Request.Headers.AcceptLanguage.ToString());
        SetLayout();
        if (Link.Status == LinkStatus.Unknown)
            return Fail(new Notice(Text.NotFoundTitle, Text.NotFoundBody), StatusCodes.Status404NotFound);
        if (Link.Status == LinkStatus.Closed && closedIsFinal)
            return Fail(new Notice(Text.ClosedTitle, Text.ClosedBody), StatusCodes.Status410Gone);
        return true;
    }

    protected async Task<bool> AntiforgeryIsValidAsync()
    {
        if (await antiforgery.IsRequestValidAsync(HttpContext)) return true;
        return Fail(new Notice(Text.FormExpiredTitle, Text.FormExpiredBody, OfferReload: true), StatusCodes.Status400BadRequest);
    }

    protected bool Fail(Notice notice, int status = StatusCodes.Status200OK)
    {
        Notice = notice;
        Response.StatusCode = status;
        ViewData["Title"] = notice.Title;
        return false;
    }

    private void SetLayout()
    {
        ViewData["Lang"] = Text.Code;
        ViewData["Sender"] = SenderName;
        ViewData["SkipToContent"] = Text.SkipToContent;
        ViewData["ReloadLink"] = Text.ReloadLink;
        ViewData["OtherLanguageName"] = Text.OtherLanguageName;
        ViewData["OtherLanguageCode"] = Text.OtherLanguageCode;
        ViewData["OtherLanguageUrl"] = Request.Path + "?lang=" + Text.OtherLanguageCode;
    }
}
