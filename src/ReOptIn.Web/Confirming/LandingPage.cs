using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using ReOptIn.Core.Confirming;
using ReOptIn.Core.Security;

namespace ReOptIn.Web.Confirming;

/// <summary>
/// The landing page, <c>GET</c>/<c>HEAD /c/{token}</c>, when it shows the form (ADR-0020): the link
/// read with one plain statement (<see cref="LinkReader"/>), the visit recorded and committed as the
/// Razor page records it, and the page written here, with the same markup, texts and antiforgery
/// field as <c>Pages/Respond/Confirm.cshtml</c> and its layout. Runs after routing, authorization
/// and the rate limiter (the page's own policy applies), only where the Razor page was chosen.
/// Every other answer (an unknown, erased or closed link; already confirmed or declined) is rarer
/// and goes on to the Razor page, before anything was written.
/// The confirmation, <c>POST /c/{token}</c>, is answered here too when it confirms: the link and its
/// visit evidence read in one statement, the antiforgery pair valid, the box ticked, and the unit
/// of work (state move, receipt, hand-off event) committed; then the thank-you page is written with
/// the page's markup. Anything else (no token, box unticked, link past the form, someone else moved
/// the request first) goes on to the Razor page, which reads everything again and answers as before.
/// </summary>
public sealed class LandingPage(RequestDelegate next, LinkReader links, TimeProvider clock, IAntiforgery antiforgery, HtmlEncoder html, IFileVersionProvider versions)
{
    /// <summary>The Razor page this answers for (its route value).</summary>
    public const string ConfirmPage = "/Respond/Confirm";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.RouteValues["page"] is not ConfirmPage || request.RouteValues["token"] is not string token
            || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsPost(request.Method)))
        {
            await next(context);
            return;
        }
        if (HttpMethods.IsPost(request.Method))
        {
            if (!await ConfirmAsync(context, token)) await next(context);
            return;
        }
        var link = await links.FindAsync(token, context.RequestAborted);
        if (link is null || !link.ShowsForm(clock.GetUtcNow().UtcDateTime))
        {
            await next(context);
            return;
        }

        var confirming = context.RequestServices.GetRequiredService<ConfirmationService>();
        await confirming.RecordVisitAsync(link.RequestId, link.State, link.SentAt, request.Method, ClientInfoReader.Read(context), context.RequestAborted);

        var text = PublicText.For(request.Query.TryGetValue("lang", out var lang) ? lang[0] : null, link.Language, request.Headers.AcceptLanguage.ToString());
        // Also sets the antiforgery cookie (and X-Frame-Options), as the form tag helper does.
        var tokens = antiforgery.GetAndStoreTokens(context);
        var response = context.Response;
        response.ContentType = "text/html; charset=utf-8";
        // As the page's [ResponseCache(NoStore = true, Location = None)].
        response.Headers.CacheControl = "no-store,no-cache";
        response.Headers.Pragma = "no-cache";
        if (HttpMethods.IsHead(request.Method)) return;
        await response.WriteAsync(Render(context, token, link, text, tokens.RequestToken!), context.RequestAborted);
    }

    /// <summary>
    /// The confirmation when it confirms; false, with nothing written and nothing answered, when the
    /// Razor page should answer instead.
    /// </summary>
    private async Task<bool> ConfirmAsync(HttpContext context, string token)
    {
        var request = context.Request;
        if (!request.HasFormContentType) return false;
        var confirmation = await links.FindForConfirmationAsync(token, context.RequestAborted);
        if (confirmation is null || !confirmation.Link.ShowsForm(clock.GetUtcNow().UtcDateTime)) return false;
        // The page says why (400, in the contact's language) when the pair is missing or wrong.
        if (!await antiforgery.IsRequestValidAsync(context)) return false;
        // The form is read (and kept for the page) by the check above. Bound as the page binds
        // Input: a bool parsed from the first value; anything else leaves the box unticked there.
        var form = await request.ReadFormAsync(context.RequestAborted);
        if (!bool.TryParse(form["Input.Consent"].FirstOrDefault(), out var consent) || !consent) return false;
        // Indexed names (Input.Interests[0]) are the page's model binding's to read.
        if (form.Keys.Any(k => k.StartsWith("Input.Interests[", StringComparison.OrdinalIgnoreCase))) return false;

        // As the page's [BindProperty(SupportsGet = true, Name = "lang")]: the form first, then the query.
        var lang = form.TryGetValue("lang", out var fromForm) ? fromForm[0] : request.Query.TryGetValue("lang", out var fromQuery) ? fromQuery[0] : null;
        var link = confirmation.Link;
        var text = PublicText.For(lang, link.Language, request.Headers.AcceptLanguage.ToString());
        var input = new ConfirmInput(Blank(form["Input.FirstName"].FirstOrDefault()), Blank(form["Input.LastName"].FirstOrDefault()),
            form["Input.Interests"].Where(i => !string.IsNullOrEmpty(i)).Select(i => i!).ToList());
        var confirming = context.RequestServices.GetRequiredService<ConfirmationService>();
        var outcome = await confirming.ConfirmAsync(confirmation, input, ClientInfoReader.Read(context), text.Code, context.RequestAborted);
        // Someone moved the request first (a second click, a decline): the page reads it again and says what it is now.
        if (outcome != ConfirmOutcome.Confirmed) return false;

        var response = context.Response;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store,no-cache";
        response.Headers.Pragma = "no-cache";
        await response.WriteAsync(RenderThanks(context, confirmation, text), context.RequestAborted);
        return true;
    }

    /// <summary>As model binding gives a text field: null when empty.</summary>
    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private string RenderThanks(HttpContext context, ConfirmationLink confirmation, PublicText t)
    {
        var link = confirmation.Link;
        var sender = link.SenderName;
        var page = Layout(context, t, t.ThanksTitle, sender);
        // Pages/Respond/Confirm.cshtml, the thanks
        page.Raw("            <h1>").Text(t.ThanksTitle).Raw("</h1>\n")
            .Raw("    <p>").Text(t.Format(t.ThanksBody, sender, EmailMask.Mask(link.Email!))).Raw("</p>\n");
        if (confirmation.IncentiveCode is { Length: > 0 } code)
        {
            if (!string.IsNullOrWhiteSpace(confirmation.IncentiveDescription))
                page.Raw("            <p>").Text(confirmation.IncentiveDescription).Raw("</p>\n");
            page.Raw("        <p>").Text(t.IncentiveIntro).Raw("</p>\n")
                .Raw("        <p><span class=\"code\">").Text(code).Raw("</span></p>\n");
        }
        page.Raw("\n    </main>\n</body>\n</html>\n");
        return page.ToString();
    }

    /// <summary>Pages/Respond/_PublicLayout.cshtml up to the page's body.</summary>
    private Page Layout(HttpContext context, PublicText t, string title, string sender)
    {
        var css = versions.AddFileVersionToPath(context.Request.PathBase, context.Request.PathBase + "/css/public.css");
        var page = new Page(new StringBuilder(4096), html);
        page.Raw("<!DOCTYPE html>\n<html lang=\"").Text(t.Code).Raw("\">\n<head>\n")
            .Raw("    <meta charset=\"utf-8\" />\n")
            .Raw("    <meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\" />\n")
            .Raw("    <meta name=\"robots\" content=\"noindex, nofollow\" />\n")
            .Raw("    <meta name=\"referrer\" content=\"no-referrer\" />\n")
            .Raw("    <title>").Text(title);
        if (sender.Length > 0) page.Text(" · " + sender);
        page.Raw("</title>\n    <link rel=\"stylesheet\" href=\"").Text(css).Raw("\" />\n</head>\n<body>\n")
            .Raw("    <a class=\"skip\" href=\"#main\">").Text(t.SkipToContent).Raw("</a>\n")
            .Raw("    <header class=\"top\">\n        <span class=\"sender\">").Text(sender).Raw("</span>\n")
            .Raw("        <a class=\"lang\" href=\"").Text(context.Request.Path + "?lang=" + t.OtherLanguageCode)
            .Raw("\" hreflang=\"").Text(t.OtherLanguageCode).Raw("\" lang=\"").Text(t.OtherLanguageCode).Raw("\">")
            .Text(t.OtherLanguageName).Raw("</a>\n    </header>\n    <main id=\"main\">\n");
        return page;
    }

    private string Render(HttpContext context, string token, LinkView link, PublicText t, string requestToken)
    {
        var sender = link.SenderName;
        var title = t.Format(t.ConfirmTitle, sender);
        var page = Layout(context, t, title, sender);

        // Pages/Respond/Confirm.cshtml, the form
        page.Raw("            <h1>").Text(title).Raw("</h1>\n");
        if (!string.IsNullOrWhiteSpace(link.FirstName)) page.Raw("        <p>").Text(t.Format(t.Greeting, link.FirstName)).Raw("</p>\n");
        page.Raw("    <p>").Text(t.Format(t.ConfirmIntro, sender, EmailMask.Mask(link.Email!))).Raw("</p>\n");
        if (!string.IsNullOrWhiteSpace(link.Purpose))
            page.Raw("        <p><strong>").Text(t.PurposeLabel).Raw("</strong> ").Text(link.Purpose).Raw("</p>\n");
        page.Raw("    <form method=\"post\" novalidate>\n");
        if (link.AskName)
        {
            page.Raw("            <label for=\"first-name\">").Text(t.FirstName).Raw(" <span class=\"hint\">(").Text(t.Optional).Raw(")</span></label>\n")
                .Raw("            <input type=\"text\" id=\"first-name\" name=\"Input.FirstName\"").Value(link.FirstName).Raw(" autocomplete=\"given-name\" maxlength=\"100\" />\n")
                .Raw("            <label for=\"last-name\">").Text(t.LastName).Raw(" <span class=\"hint\">(").Text(t.Optional).Raw(")</span></label>\n")
                .Raw("            <input type=\"text\" id=\"last-name\" name=\"Input.LastName\"").Value(link.LastName).Raw(" autocomplete=\"family-name\" maxlength=\"100\" />\n");
        }
        var interests = ConfirmationService.InterestOptions(link.InterestOptions);
        if (interests.Count > 0)
        {
            page.Raw("            <fieldset>\n                <legend>").Text(t.InterestsLegend).Raw(" <span class=\"hint\">(").Text(t.Optional).Raw(")</span></legend>\n");
            for (var i = 0; i < interests.Count; i++)
            {
                var id = "interest-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                page.Raw("                    <div class=\"check\">\n                        <input type=\"checkbox\" id=\"").Text(id)
                    .Raw("\" name=\"Input.Interests\" value=\"").Text(interests[i]).Raw("\" />\n                        <label for=\"").Text(id).Raw("\">")
                    .Text(interests[i]).Raw("</label>\n                    </div>\n");
            }
            page.Raw("            </fieldset>\n");
        }
        page.Raw("        <fieldset>\n            <legend>").Text(t.ConsentLegend).Raw("</legend>\n            <div class=\"check\">\n")
            .Raw("                <input type=\"checkbox\" id=\"consent\" name=\"Input.Consent\" value=\"true\" required />\n")
            .Raw("                <label for=\"consent\">").Text(link.ConsentStatement).Raw("</label>\n            </div>\n        </fieldset>\n")
            .Raw("        <button type=\"submit\">").Text(t.ConfirmButton).Raw("</button>\n")
            .Raw("        <p class=\"small\">").Text(t.OnlyTheButton).Raw("</p>\n")
            .Raw("    <input name=\"__RequestVerificationToken\" type=\"hidden\" value=\"").Text(requestToken).Raw("\" /></form>\n")
            .Raw("    <p><a href=\"/d/").Text(Uri.EscapeDataString(token)).Raw("?lang=").Text(t.Code).Raw("\">").Text(t.DeclineLink).Raw("</a></p>\n");

        page.Raw("\n    </main>\n</body>\n</html>\n");
        return page.ToString();
    }

    /// <summary>HTML written as Razor writes it: literal markup as it is, every value HTML-encoded.</summary>
    private readonly record struct Page(StringBuilder Out, HtmlEncoder Encoder)
    {
        public Page Raw(string markup)
        {
            Out.Append(markup);
            return this;
        }

        public Page Text(string? value)
        {
            if (!string.IsNullOrEmpty(value)) Out.Append(Encoder.Encode(value));
            return this;
        }

        /// <summary>A <c>value</c> attribute, left out when there is none (Razor drops an attribute whose value is null).</summary>
        public Page Value(string? value) => value is null ? this : Raw(" value=\"").Text(value).Raw("\"");

        public override string ToString() => Out.ToString();
    }
}
