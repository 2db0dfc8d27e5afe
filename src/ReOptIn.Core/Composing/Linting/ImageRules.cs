using System.Text.RegularExpressions;

namespace ReOptIn.Core.Composing.Linting;

/// <summary>
/// RP009: remote images are blocked by many mail clients and tell the sender who opened the
/// email; a consent request should not track. Embedded (data:) and relative images are not flagged.
/// </summary>
internal static partial class ImageRules
{
    public static void Check(LintInput input, List<LintFinding> findings)
    {
        var body = input.BodyTemplate.Text;
        var found = new List<(int At, LintFinding Finding)>();

        void Remote(Match image) => found.Add((image.Index, LintRules.Finding(LintRules.RemoteImages,
            $"The body loads a remote image (\"{FoldedText.Shorten(image.Value)}\"). Mail clients often block it and it tells " +
            "you who opened the email, which a consent request should not do. Remove it, or name the sender in text instead.",
            FoldedText.Shorten(image.Value))));

        foreach (Match image in MarkdownImage().Matches(body))
        {
            if (IsRemote(image.Groups["url"].Value)) Remote(image);
        }

        var definitions = ReferenceDefinition().Matches(body)
            .GroupBy(d => Label(d.Groups["label"].Value), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Groups["url"].Value, StringComparer.Ordinal);
        foreach (Match image in ReferenceImage().Matches(body))
        {
            var label = image.Groups["label"].Success && image.Groups["label"].Value.Length > 0 ? image.Groups["label"].Value : image.Groups["alt"].Value;
            if (definitions.TryGetValue(Label(label), out var url) && IsRemote(url)) Remote(image);
        }

        foreach (Match image in HtmlImage().Matches(body))
        {
            if (TinySize().IsMatch(image.Value))
            {
                var excerpt = FoldedText.Shorten(image.Value);
                found.Add((image.Index, LintRules.Finding(LintRules.RemoteImages,
                    $"The body has a 1×1 image (\"{excerpt}\"), a tracking pixel. Remove it: a consent request must not track who opens it.", excerpt)));
            }
            else if (HtmlSource().Match(image.Value) is { Success: true } source && IsRemote(source.Groups["url"].Value))
            {
                Remote(image);
            }
        }

        findings.AddRange(found.OrderBy(f => f.At).Select(f => f.Finding));
    }

    private static bool IsRemote(string url)
    {
        var trimmed = url.Trim().TrimStart('<');
        return trimmed.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("//", StringComparison.Ordinal);
    }

    private static string Label(string label) => string.Join(' ', label.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();

    [GeneratedRegex(@"!\[[^\]]*\]\(\s*(?<url><[^>]*>|[^\s)]+)[^)]*\)", RegexOptions.CultureInvariant)]
    private static partial Regex MarkdownImage();

    // "![alt][label]", "![alt][]" or "![alt]" whose label is defined elsewhere as "[label]: url".
    [GeneratedRegex(@"!\[(?<alt>[^\]]*)\](?!\()(?:\[(?<label>[^\]]*)\])?", RegexOptions.CultureInvariant)]
    private static partial Regex ReferenceImage();

    [GeneratedRegex(@"^ {0,3}\[(?<label>[^\]]+)\]:\s*(?<url><[^>]*>|\S+)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ReferenceDefinition();

    [GeneratedRegex(@"<img\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HtmlImage();

    [GeneratedRegex(@"\bsrc\s*=\s*[""']?\s*(?<url>[^""'\s>]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HtmlSource();

    // width="1", height=0, style="width:1px".
    [GeneratedRegex(@"\b(?:width|height)\s*(?:=\s*[""']?|:)\s*[01](?:px)?(?![\d.])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TinySize();
}
