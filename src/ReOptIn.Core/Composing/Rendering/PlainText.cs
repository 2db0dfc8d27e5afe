using System.Globalization;
using System.Text;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace ReOptIn.Core.Composing.Rendering;

/// <summary>
/// The plain-text alternative, written from the Markdown tree: blank lines between blocks,
/// headings as their text, "- " list items, links as "label (url)", entities decoded.
/// </summary>
internal static class PlainText
{
    public static string From(MarkdownDocument document)
    {
        var lines = Blocks(document, "\n\n").Split('\n').Select(line => line.TrimEnd());
        // Blocks that came out empty (an HTML comment, say) must not leave runs of blank lines.
        var builder = new StringBuilder();
        var blank = false;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                blank = builder.Length > 0;
                continue;
            }
            builder.Append(blank ? "\n\n" : builder.Length > 0 ? "\n" : "").Append(line);
            blank = false;
        }
        return builder.ToString();
    }

    /// <summary>A link as text; a URL that is not http(s) or mailto is left out, as in the HTML part.</summary>
    public static string Link(string label, string? url)
    {
        label = label.Trim();
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "mailto"))
            return label;
        var shown = uri.Scheme == "mailto" ? url![7..] : url!;
        return label.Length == 0 || label == shown || label == url ? shown : $"{label} ({shown})";
    }

    private static string Blocks(ContainerBlock container, string separator) =>
        string.Join(separator, container.Select(Block).Where(text => text.Length > 0));

    private static string Block(Block block) => block switch
    {
        LeafBlock { Inline: { } inline } => Inlines(inline),
        HtmlBlock html => HtmlBlockText.From(html.Lines.ToString()),
        CodeBlock code => code.Lines.ToString(),
        ThematicBreakBlock => "----",
        ListBlock list => List(list),
        QuoteBlock quote => Indent(Blocks(quote, "\n\n"), "> ", "> "),
        LinkReferenceDefinitionGroup => "",
        ContainerBlock container => Blocks(container, "\n\n"),
        _ => "",
    };

    private static string List(ListBlock list)
    {
        var number = int.TryParse(list.OrderedStart, NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? start : 1;
        var items = list.OfType<ListItemBlock>().Select(item =>
        {
            var marker = list.IsOrdered ? string.Create(CultureInfo.InvariantCulture, $"{number++}. ") : "- ";
            return Indent(Blocks(item, "\n"), marker, new string(' ', marker.Length));
        });
        return string.Join('\n', items);
    }

    private static string Indent(string text, string first, string rest) =>
        first + text.Replace("\n", "\n" + rest, StringComparison.Ordinal);

    private static string Inlines(ContainerInline container)
    {
        var builder = new StringBuilder();
        Write(container, builder);
        return builder.ToString();
    }

    private static void Write(ContainerInline container, StringBuilder builder)
    {
        string? skipUntil = null;
        foreach (var inline in container)
        {
            // Inline <script> or <style> text is dropped by the sanitiser from the HTML part; so here.
            if (skipUntil is not null)
            {
                if (inline is HtmlInline end && end.Tag.StartsWith(skipUntil, StringComparison.OrdinalIgnoreCase))
                    skipUntil = null;
                continue;
            }
            switch (inline)
            {
                case LiteralInline literal:
                    builder.Append(literal.Content.AsSpan());
                    break;
                case HtmlEntityInline entity:
                    builder.Append(entity.Transcoded.AsSpan());
                    break;
                case CodeInline code:
                    builder.Append(code.Content);
                    break;
                case LineBreakInline:
                    builder.Append('\n');
                    break;
                case AutolinkInline autolink:
                    builder.Append(Link("", autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url));
                    break;
                case LinkInline { IsImage: true } image:
                    // Alt text only: an image URL is no use to a text reader.
                    builder.Append(Inlines(image));
                    break;
                case LinkInline link:
                    builder.Append(Link(Inlines(link), link.GetDynamicUrl?.Invoke() ?? link.Url));
                    break;
                case HtmlInline html when html.Tag.StartsWith("<br", StringComparison.OrdinalIgnoreCase):
                    builder.Append('\n');
                    break;
                case HtmlInline html:
                    skipUntil = html.Tag.StartsWith("<script", StringComparison.OrdinalIgnoreCase) ? "</script"
                        : html.Tag.StartsWith("<style", StringComparison.OrdinalIgnoreCase) ? "</style" : null;
                    break;
                case ContainerInline inner:
                    Write(inner, builder);
                    break;
            }
        }
    }
}
