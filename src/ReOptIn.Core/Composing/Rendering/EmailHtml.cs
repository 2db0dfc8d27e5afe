using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Ganss.Xss;

namespace ReOptIn.Core.Composing.Rendering;

/// <summary>Sanitises the body's HTML and wraps it in a simple, centred email document.</summary>
internal static class EmailHtml
{
    private const string FontStack = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
    private const string LinkStyle = "color:#1d4ed8;text-decoration:underline;";
    private const string ImageStyle = "max-width:100%;height:auto;";

    // Sanitize is thread-safe once the instance is configured, so one instance serves everyone.
    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    public static HtmlSanitizer SharedSanitizer => Sanitizer;

    public static string Document(string bodyHtml, string subject, string language) => $"""
        <!DOCTYPE html>
        <html lang="{language}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{Encode(subject)}</title>
        </head>
        <body style="margin:0;padding:0;background-color:#f4f4f5;">
        <div style="max-width:600px;margin:0 auto;padding:24px;background-color:#ffffff;font-family:{FontStack};font-size:16px;line-height:1.5;color:#1f2937;">
        {Sanitizer.Sanitize(bodyHtml).Trim()}
        </div>
        </body>
        </html>
        """;

    private static HtmlSanitizer CreateSanitizer()
    {
        // The defaults already drop scripts, iframes, event handlers and non-http(s) URLs; forms
        // have no place in an email either. Images stay (the linter warns about remote ones).
        var sanitizer = new HtmlSanitizer();
        foreach (var tag in (string[])["form", "input", "button", "select", "option", "optgroup", "textarea", "label",
                     "fieldset", "legend", "datalist", "keygen", "output"])
            sanitizer.AllowedTags.Remove(tag);
        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.OutputFormatter = new QuotingFormatter();
        sanitizer.PostProcessNode += (_, e) =>
        {
            // Mail clients ignore <style> blocks often enough: links and images get inline styles.
            if (e.Node is IHtmlAnchorElement anchor)
                anchor.SetAttribute("style", LinkStyle);
            else if (e.Node is IHtmlImageElement image)
                image.SetAttribute("style", ImageStyle);
        };
        return sanitizer;
    }

    private static string Encode(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("\"", "&quot;", StringComparison.Ordinal);

    // Text also gets " as &quot;: a contact's literal <a href="…"> then reads as text even to a
    // naive substring check (a spam filter's, a test's), not only to a browser.
    private sealed class QuotingFormatter : HtmlFormatter
    {
        public override string Text(ICharacterData text) =>
            base.Text(text).Replace("\"", "&quot;", StringComparison.Ordinal);
    }
}
