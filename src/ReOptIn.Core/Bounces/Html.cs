using System.Net;
using System.Text.RegularExpressions;

namespace ReOptIn.Core.Bounces;

/// <summary>Just enough HTML to text for phrase matching (some servers send HTML-only bounces).</summary>
internal static partial class Html
{
    [GeneratedRegex(@"<(script|style)[^>]*>.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Blocks();

    [GeneratedRegex(@"<br\s*/?>|</p>|</div>|</tr>|</li>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Breaks();

    [GeneratedRegex(@"<[^>]+>", RegexOptions.CultureInvariant)]
    private static partial Regex Tags();

    public static string ToText(string html)
    {
        var text = Blocks().Replace(html, " ");
        text = Breaks().Replace(text, "\n");
        text = Tags().Replace(text, " ");
        return WebUtility.HtmlDecode(text);
    }
}
