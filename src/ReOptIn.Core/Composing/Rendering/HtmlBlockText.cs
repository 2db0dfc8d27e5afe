using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace ReOptIn.Core.Composing.Rendering;

/// <summary>The text of a raw HTML block the marketer wrote, for the plain-text alternative.</summary>
internal static partial class HtmlBlockText
{
    private static readonly HashSet<string> BlockTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "ul", "ol", "blockquote", "section", "article",
    };

    /// <summary>Sanitised first, so what the HTML part drops (a script's text) is not in the text part either.</summary>
    public static string From(string html)
    {
        var document = EmailHtml.SharedSanitizer.SanitizeDom(html, "");
        var builder = new StringBuilder();
        if (document.Body is { } body)
            Write(body, builder);
        return string.Join('\n', builder.ToString().Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0));
    }

    private static void Write(INode node, StringBuilder builder)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    // As a browser would: source line breaks and indentation are one space.
                    builder.Append(Whitespace().Replace(text.Data, " "));
                    break;
                case IHtmlBreakRowElement:
                    builder.Append('\n');
                    break;
                case IHtmlAnchorElement anchor:
                    var label = new StringBuilder();
                    Write(anchor, label);
                    builder.Append(PlainText.Link(label.ToString(), anchor.GetAttribute("href")));
                    break;
                case IElement element when BlockTags.Contains(element.LocalName):
                    builder.Append('\n');
                    Write(element, builder);
                    builder.Append('\n');
                    break;
                default:
                    Write(child, builder);
                    break;
            }
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
