using System.Text.RegularExpressions;

namespace ReOptIn.Core.Composing.Linting;

/// <summary>One <c>{{ … }}</c> output in a text.</summary>
/// <param name="Variable">The variable it prints ("confirm_url"), or null when the expression is not a plain variable.</param>
internal sealed record Placeholder(int Start, int End, string Expression, string? Variable)
{
    public string Excerpt(string text) => FoldedText.Shorten(text[Start..End]);
}

internal enum TemplateIssueKind
{
    Unclosed,
    StrayClose,
    Empty,
    Tag,
}

internal sealed record TemplateIssue(TemplateIssueKind Kind, string Excerpt);

/// <summary>
/// The placeholders of a subject or body and the brace problems Fluid would either reject or,
/// for a stray "}}", silently print.
/// </summary>
internal sealed partial class TemplateScan
{
    private TemplateScan(string text, List<Placeholder> placeholders, List<TemplateIssue> issues)
    {
        Text = text;
        Placeholders = placeholders;
        Issues = issues;
    }

    public string Text { get; }

    public IReadOnlyList<Placeholder> Placeholders { get; }

    public IReadOnlyList<TemplateIssue> Issues { get; }

    public int Count(string variable) => Placeholders.Count(p => p.Variable == variable);

    public bool Uses(string variable) => Placeholders.Any(p => p.Variable == variable);

    /// <summary>The text with every placeholder blanked out, so its name never reads as a word of the text.</summary>
    public string Masked()
    {
        var chars = Text.ToCharArray();
        foreach (var p in Placeholders) Array.Fill(chars, ' ', p.Start, p.End - p.Start);
        return new string(chars);
    }

    public static TemplateScan Of(string text)
    {
        var placeholders = new List<Placeholder>();
        var issues = new List<TemplateIssue>();
        var pos = 0;
        while (pos < text.Length)
        {
            var open = text.IndexOf("{{", pos, StringComparison.Ordinal);
            var close = text.IndexOf("}}", pos, StringComparison.Ordinal);
            if (close >= 0 && (open < 0 || close < open))
            {
                issues.Add(new TemplateIssue(TemplateIssueKind.StrayClose, Around(text, close, 2)));
                pos = close + 2;
                continue;
            }

            if (open < 0) break;
            var end = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            var next = text.IndexOf("{{", open + 2, StringComparison.Ordinal);
            if (end < 0 || (next >= 0 && next < end))
            {
                issues.Add(new TemplateIssue(TemplateIssueKind.Unclosed, Cut(text, open, next >= 0 ? next : text.Length)));
                pos = open + 2;
                continue;
            }

            var expression = text[(open + 2)..end].Trim().Trim('-').Trim();
            pos = end + 2;
            if (expression.Length == 0)
            {
                issues.Add(new TemplateIssue(TemplateIssueKind.Empty, FoldedText.Shorten(text[open..pos])));
                continue;
            }

            var head = expression.Split('|', 2)[0].Trim();
            placeholders.Add(new Placeholder(open, end + 2, expression, VariablePath().IsMatch(head) ? head : null));
        }

        foreach (Match tag in Tag().Matches(text)) issues.Add(new TemplateIssue(TemplateIssueKind.Tag, FoldedText.Shorten(tag.Value)));
        return new TemplateScan(text, placeholders, issues);
    }

    // An unclosed "{{" runs to the end of its line at most.
    private static string Cut(string text, int start, int end)
    {
        var newline = text.IndexOf('\n', start);
        if (newline >= 0 && newline < end) end = newline;
        return FoldedText.Shorten(text[start..Math.Min(end, start + FoldedText.MaxExcerpt)]);
    }

    private static string Around(string text, int index, int length)
    {
        var start = Math.Max(0, index - 30);
        var lineStart = text.LastIndexOf('\n', index == 0 ? 0 : index - 1);
        if (lineStart >= start) start = lineStart + 1;
        return FoldedText.Shorten(text[start..(index + length)]);
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex VariablePath();

    // A tag runs to its "%}", or to the end of the line when it is not closed.
    [GeneratedRegex(@"\{%(?:[^%\n]|%(?!\}))*(?:%\})?", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();
}
